// Word-level diff of two texts (baseline vs canary output): a longest common subsequence over
// words, so the page can mark what the canary removed and inserted. Pure; segments concatenate
// back to the inputs exactly, so callers render them as text nodes and lose nothing.

export type Op = "same" | "del" | "ins";
export interface Segment {
  op: Op;
  text: string;
}

/** Words with their trailing whitespace (a leading run of whitespace is a unit of its own). */
export function words(text: string): string[] {
  return text.match(/^\s+|\S+\s*/g) ?? [];
}

const key = (w: string) => w.trimEnd();

/** Past this many LCS cells (about 1,000 × 1,000 words) the middle is marked as replaced whole. */
export const MAX_CELLS = 1_000_000;

function push(out: Segment[], op: Op, text: string) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The diff from `a` to `b`: "same" segments are in both, "del" only in `a`, "ins" only in `b`.
 * Joining same+del gives `a`; joining same+ins gives `b`.
 */
export function wordDiff(a: string, b: string, maxCells = MAX_CELLS): Segment[] {
  const x = words(a);
  const y = words(b);
  // Common prefix and suffix first: model outputs mostly share them, and the table shrinks.
  let start = 0;
  while (start < x.length && start < y.length && key(x[start]) === key(y[start])) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && key(x[endX - 1]) === key(y[endY - 1])) {
    endX--;
    endY--;
  }
  const out: Segment[] = [];
  // A shared word is shown with the canary's whitespace (b's), so the canary pane stays exact;
  // the baseline pane's text is rebuilt from "same" segments too, so track both spellings.
  const same = (i: number, j: number) => {
    if (x[i] === y[j]) push(out, "same", y[j]);
    else {
      // Same word, different whitespace after it: the word is shared, the whitespace differs.
      const w = key(y[j]);
      push(out, "same", w);
      push(out, "del", x[i].slice(w.length));
      push(out, "ins", y[j].slice(w.length));
    }
  };
  for (let i = 0; i < start; i++) same(i, i);
  const n = endX - start;
  const m = endY - start;
  if (n > 0 && m > 0 && n * m <= maxCells) {
    // lcs[i][j] = LCS length of x[start+i..endX) and y[start+j..endY), row-major in one array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = key(x[start + i]) === key(y[start + j]) ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (key(x[start + i]) === key(y[start + j])) {
        same(start + i, start + j);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) push(out, "del", x[start + i++]);
      else push(out, "ins", y[start + j++]);
    }
    for (; i < n; i++) push(out, "del", x[start + i]);
    for (; j < m; j++) push(out, "ins", y[start + j]);
  } else {
    for (let i = start; i < endX; i++) push(out, "del", x[i]);
    for (let j = start; j < endY; j++) push(out, "ins", y[j]);
  }
  for (let k = 0; k < x.length - endX; k++) same(endX + k, endY + k);
  return out;
}

/** The text of one side: "a" (same + del) or "b" (same + ins). */
export function side(segments: Segment[], which: "a" | "b"): Segment[] {
  const drop: Op = which === "a" ? "ins" : "del";
  return segments.filter((s) => s.op !== drop);
}

// The subset of Markdown our docs use, parsed into blocks a page renders as React elements
// (never as HTML): headings with GitHub-style anchors, paragraphs, lists, fenced code, tables,
// block quotes, rules; inline code, bold, italic and links. Pure.

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: number; id: string; children: Inline[] }
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "table"; header: Inline[][]; rows: Inline[][][] }
  | { kind: "quote"; children: Inline[] }
  | { kind: "rule" };

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/** Plain text of inlines (for anchors and titles). */
export function plain(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === "text" || i.kind === "code" ? i.text : plain(i.children))).join("");
}

/**
 * Where a link may point: in-page anchors, http(s) URLs, and other docs (`x.md#y` → `/docs/x#y`
 * when `x` is in `docs`). Anything else (javascript:, data:, files outside docs/) is shown as text.
 */
export function linkTarget(href: string, docs: readonly string[]): string | null {
  if (/^#[\w-]*$/.test(href)) return href;
  if (/^https?:\/\//i.test(href)) return href;
  const m = /^(?:\.\/|docs\/|\.\.\/docs\/)?([a-z0-9-]+)\.md(#[\w-]*)?$/i.exec(href);
  if (m && docs.includes(m[1])) return `/docs/${m[1]}${m[2] ?? ""}`;
  return null;
}

export function parseInline(src: string, docs: readonly string[] = []): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\" && i + 1 < src.length && /[\\`*_[\]()#|!-]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const ticks = /^`+/.exec(src.slice(i))![0];
      const end = src.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        flush();
        out.push({ kind: "code", text: src.slice(i + ticks.length, end).replace(/^ (.*) $/, "$1") });
        i = end + ticks.length;
        continue;
      }
    }
    if (c === "[") {
      const m = /^\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)/.exec(src.slice(i));
      if (m) {
        flush();
        const target = linkTarget(m[2], docs);
        const children = parseInline(m[1], docs);
        if (target) out.push({ kind: "link", href: target, children });
        else out.push(...children);
        i += m[0].length;
        continue;
      }
    }
    if (c === "*" || c === "_") {
      const double = src[i + 1] === c;
      const mark = double ? c + c : c;
      const end = src.indexOf(mark, i + mark.length);
      // Emphasis needs non-space inside its marks; `_` only at word boundaries (snake_case stays text).
      const boundary = c === "*" || ((i === 0 || !/\w/.test(src[i - 1])) && (end + mark.length >= src.length || !/\w/.test(src[end + mark.length])));
      if (end > i + mark.length && !/\s/.test(src[i + mark.length]) && !/\s/.test(src[end - 1]) && boundary) {
        flush();
        const children = parseInline(src.slice(i + mark.length, end), docs);
        out.push(double ? { kind: "strong", children } : { kind: "em", children });
        i = end + mark.length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/)
    .map((s) => s.trim().replace(/\\\|/g, "|"));

const LIST = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

export function parseMarkdown(src: string, docs: readonly string[] = []): Block[] {
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  const used = new Map<string, number>();
  const inline = (s: string) => parseInline(s, docs);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push({ kind: "code", lang: fence[2], text: body.join("\n") });
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const children = inline(h[2]);
      const base = slug(plain(children));
      const seen = used.get(base) ?? 0;
      used.set(base, seen + 1);
      blocks.push({ kind: "heading", level: h[1].length, id: seen ? `${base}-${seen}` : base, children });
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1])) {
      const header = cells(line).map(inline);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && lines[i].includes("|") && lines[i].trim() !== "") rows.push(cells(lines[i++]).map(inline));
      blocks.push({ kind: "table", header, rows });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*>\s?/, ""));
      blocks.push({ kind: "quote", children: inline(body.join(" ").trim()) });
      continue;
    }
    const li = LIST.exec(line);
    if (li) {
      const ordered = /\d/.test(li[2]);
      const items: string[] = [];
      while (i < lines.length) {
        const m = LIST.exec(lines[i]);
        if (m && m[1].length <= li[1].length) items.push(m[3]);
        else if (lines[i].trim() !== "" && /^\s+/.test(lines[i]) && items.length) items[items.length - 1] += ` ${lines[i].trim().replace(/^([-*+]|\d+[.)])\s+/, "· ")}`;
        else break;
        i++;
      }
      blocks.push({ kind: "list", ordered, items: items.map(inline) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && !/^(#{1,6}\s|\s*(```|~~~)|\s*>)/.test(lines[i]) && !LIST.exec(lines[i])) body.push(lines[i++].trim());
    blocks.push({ kind: "paragraph", children: inline(body.join(" ")) });
  }
  return blocks;
}

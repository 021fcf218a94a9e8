/**
 * Fixed bins for drift features. Edges are interior cut points e_1 < … < e_{B−1};
 * bin i is [e_i, e_{i+1}) with e_0 = −∞ and e_B = +∞, so every finite value lands in a bin
 * and the bins are fixed by the reference window (the current window cannot move them).
 */
import { quantileSorted, sortAscending } from "./quantiles";

/** Interior edges at the reference sample's type-7 quantiles i/B, i = 1..B−1; duplicates (ties) are dropped, so fewer bins may result. */
export function quantileBinEdges(reference: ArrayLike<number>, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins must be an integer ≥ 2, got ${bins}`);
  if (reference.length === 0) throw new RangeError("quantileBinEdges: empty reference sample");
  const s = sortAscending(reference);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const e = quantileSorted(s, i / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Index of the bin holding v: the number of edges ≤ v (binary search). */
export function binIndex(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts per bin (length edges.length + 1). NaN values are rejected. */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) throw new RangeError("histogram: NaN value");
    counts[binIndex(edges, values[i])]++;
  }
  return counts;
}

/** Dense counts from the stored sparse form (bin index → count). */
export function countsFromMap(map: ReadonlyMap<number, number>, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const [i, c] of map) {
    if (!Number.isInteger(i) || i < 0 || i >= bins) throw new RangeError(`bin index ${i} outside [0, ${bins})`);
    counts[i] += c;
  }
  return counts;
}

export function checkSameBins(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`histograms must have the same, non-zero number of bins (${a.length} vs ${b.length})`);
  for (const c of [...a, ...b]) if (!(c >= 0)) throw new RangeError(`bin counts must be ≥ 0, got ${c}`);
}

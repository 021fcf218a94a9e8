/** Sample quantiles, R type 7 (the R and NumPy default): h = (n − 1)p, linear interpolation. */

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0,1], got ${p}`);
}

/** Type-7 quantile of an already ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  checkP(p);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function sortAscending(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Type-7 quantile(s) of an unsorted sample (sorts a copy once). */
export function quantile(xs: ArrayLike<number>, p: number): number {
  return quantileSorted(sortAscending(xs), p);
}

export function quantiles(xs: ArrayLike<number>, ps: readonly number[]): number[] {
  const s = sortAscending(xs);
  return ps.map((p) => quantileSorted(s, p));
}

export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

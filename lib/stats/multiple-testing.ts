/** Benjamini-Hochberg FDR control (step-up), matching R's p.adjust(p, method = "BH"). */

/** BH-adjusted p-values q_(i) = min_{j ≥ i} min(1, m·p_(j)/j), returned in input order. NaN inputs are excluded from m and stay NaN. */
export function bhAdjust(pValues: readonly number[]): number[] {
  const idx = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]));
  const m = idx.length;
  idx.sort((i, j) => pValues[j] - pValues[i]); // descending
  const out = pValues.map(() => NaN);
  let running = Infinity;
  idx.forEach((orig, r) => {
    const rank = m - r; // ascending rank of this p-value
    running = Math.min(running, (m / rank) * pValues[orig]);
    out[orig] = Math.min(1, running);
  });
  return out;
}

/** Which hypotheses BH rejects at FDR level q (adjusted p ≤ q). */
export function bhReject(pValues: readonly number[], q: number): boolean[] {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0,1), got ${q}`);
  return bhAdjust(pValues).map((a) => a <= q);
}

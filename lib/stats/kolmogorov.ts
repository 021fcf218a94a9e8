/**
 * Kolmogorov distribution K(x) = P(sup|B(t)| ≤ x) of the limiting scaled KS statistic.
 * Two series for fast convergence: for x < 1 the Jacobi-theta form
 * K(x) = √(2π)/x · Σ_{k≥1} exp(−(2k−1)²π²/(8x²)); otherwise
 * 1 − K(x) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²x²), summed directly so the tail keeps precision.
 */

export function kolmogorovCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x < 1) {
    const c = (Math.PI * Math.PI) / (8 * x * x);
    let s = 0;
    for (let k = 1; k < 100; k++) {
      const t = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
      s += t;
      if (t < 1e-17 * s) break;
    }
    return (Math.sqrt(2 * Math.PI) / x) * s;
  }
  return 1 - kolmogorovSf(x);
}

/** 1 − K(x). */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 1) return 1 - kolmogorovCdf(x);
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const t = Math.exp(-2 * k * k * x * x);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-17 * Math.abs(s)) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * Score intervals for binomial proportions (Newcombe 1998, Stat Med 17:857 & 17:873 & 17:2635).
 * - wilsonInterval: Wilson score interval, optionally continuity-corrected (Newcombe 1998a methods 3, 4).
 * - newcombeDifference: hybrid score interval for p1 − p2, independent samples
 *   (Newcombe 1998b method 10; method 11 with continuity correction).
 * - newcombePairedDifference: square-and-add score interval for paired p1 − p2
 *   (Newcombe 1998c method 10; φ̂ adjusted as in that paper).
 */
import { normQuantile } from "./normal";

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface ProportionOptions {
  confLevel?: number;
  continuityCorrection?: boolean;
}

function zFor(confLevel: number): number {
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must be in (0,1), got ${confLevel}`);
  return normQuantile(1 - (1 - confLevel) / 2);
}

function checkCounts(x: number, n: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || n <= 0 || x < 0 || x > n) {
    throw new RangeError(`need integers 0 ≤ x ≤ n, n > 0 (x=${x}, n=${n})`);
  }
}

export function wilsonInterval(x: number, n: number, options: ProportionOptions = {}): Interval {
  checkCounts(x, n);
  const z = zFor(options.confLevel ?? 0.95);
  const z2 = z * z;
  const p = x / n;
  const denom = 2 * (n + z2);
  if (!options.continuityCorrection) {
    const half = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
    return { estimate: p, lower: Math.max(0, (2 * n * p + z2 - half) / denom), upper: Math.min(1, (2 * n * p + z2 + half) / denom) };
  }
  const lower = x === 0 ? 0 : (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1))) / denom;
  const upper = x === n ? 1 : (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1))) / denom;
  return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper) };
}

/** Interval for p1 − p2 = x1/n1 − x2/n2 from two independent binomials. */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, options: ProportionOptions = {}): Interval {
  const a = wilsonInterval(x1, n1, options);
  const b = wilsonInterval(x2, n2, options);
  const d = a.estimate - b.estimate;
  const delta = Math.hypot(a.estimate - a.lower, b.upper - b.estimate);
  const eps = Math.hypot(a.upper - a.estimate, b.estimate - b.lower);
  return { estimate: d, lower: Math.max(-1, d - delta), upper: Math.min(1, d + eps) };
}

/**
 * Paired 2×2 table: a = both succeed, b = first only, c = second only, d = neither.
 * Interval for p1 − p2 = (b − c)/n (e.g. canary-correct rate minus baseline-correct rate on the same inputs).
 */
export function newcombePairedDifference(table: { a: number; b: number; c: number; d: number }, options: { confLevel?: number } = {}): Interval {
  const { a, b, c, d } = table;
  const n = a + b + c + d;
  const w1 = wilsonInterval(a + b, n, options);
  const w2 = wilsonInterval(a + c, n, options);
  const theta = (b - c) / n;
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  let phi = 0;
  if (margins > 0) {
    const num = a * d - b * c;
    // Newcombe's adjustment: shrink a positive association by n/2 (never below 0).
    phi = (num > 0 ? Math.max(num - n / 2, 0) : num) / Math.sqrt(margins);
  }
  const dl1 = w1.estimate - w1.lower;
  const du1 = w1.upper - w1.estimate;
  const dl2 = w2.estimate - w2.lower;
  const du2 = w2.upper - w2.estimate;
  const delta = Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const eps = Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return { estimate: theta, lower: Math.max(-1, theta - delta), upper: Math.min(1, theta + eps) };
}

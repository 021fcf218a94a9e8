/**
 * Population Stability Index: PSI = Σ_i (c_i − r_i) · ln(c_i / r_i) over fixed bins, with
 * r_i, c_i the reference and current bin proportions.
 * Epsilon rule: each proportion is floored at PSI_FLOOR = 1e-4 (no renormalisation), so an
 * empty bin contributes a large but finite term instead of ∞. Natural log (the industry
 * convention: < 0.1 stable, 0.1–0.25 moderate, > 0.25 major shift).
 */
import { checkSameBins, histogram, quantileBinEdges } from "./histogram";

export const PSI_FLOOR = 1e-4;

export function psiFromCounts(reference: readonly number[], current: readonly number[], floor = PSI_FLOOR): number {
  checkSameBins(reference, current);
  const rt = reference.reduce((s, c) => s + c, 0);
  const ct = current.reduce((s, c) => s + c, 0);
  if (rt === 0 || ct === 0) throw new RangeError("psi: a histogram has no observations");
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i] / rt, floor);
    const c = Math.max(current[i] / ct, floor);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/** PSI of raw samples; bins are the reference's quantile bins unless `edges` are given. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, options: { bins?: number; edges?: readonly number[] } = {}): number {
  const edges = options.edges ?? quantileBinEdges(reference, options.bins ?? 10);
  return psiFromCounts(histogram(reference, edges), histogram(current, edges));
}

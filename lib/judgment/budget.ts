// How the false-alarm budget α is spread over detectors, cells and checks, and the thresholds
// that follow. Bonferroni with weights: any (cell, check) alarm is a deployment alarm, so
// P(the deployment ever fails | every null holds) ≤ Σ (per-key shares) ≤ α. Cells get their
// weight by order of first appearance (a fact of the traffic, not of the outcomes), so the
// weights are fixed before a cell's first observation and sum to at most 1 over any number of cells.

export const SHARES = {
  /** Anchored wealth since the epoch began (Ville). */
  anchored: 0.5,
  /** Shiryaev–Roberts change detector. */
  change: 0.3,
  /** Confidence sequences of the references that relative and agreement allowances lean on. */
  reference: 0.2,
} as const;

/** The first this many cells share half of the budget equally. */
export const EQUAL_CELLS = 64;
/** Change-detector horizon blocks: the first holds this many starts (one start per second: 1 h). */
export const FIRST_BLOCK_STARTS = 3600;

/** Weight of the k-th cell to appear (k from 1): 1/128 each for the first 64, then 32/(k(k−1)); Σ = 1. */
export function cellWeight(k: number): number {
  if (!(k >= 1)) throw new RangeError(`cell order must be ≥ 1, got ${k}`);
  return k <= EQUAL_CELLS ? 1 / (2 * EQUAL_CELLS) : EQUAL_CELLS / 2 / (k * (k - 1));
}

export interface KeyBudget {
  /** α of the policy. */
  alpha: number;
  /** Checks that can fail the deployment: each gets an equal share. */
  checks: number;
  /** Order of first appearance of the cell, from 1. */
  cellOrder: number;
}

const share = (b: KeyBudget, s: number) => (b.alpha * s * cellWeight(b.cellOrder)) / Math.max(1, b.checks);

/** log of the anchored threshold 1/a for this key. */
export const anchoredLogThreshold = (b: KeyBudget): number => -Math.log(share(b, SHARES.anchored));

/** α of one reference confidence sequence of this key. */
export const referenceAlpha = (b: KeyBudget): number => share(b, SHARES.reference);

/**
 * log of the change-detector threshold after `starts` starts. Block j (from 1) holds starts in
 * (N_{j−1}, N_j], N_j = N_1·2^{j−1}, with threshold A_j = N_j·2^j / a, so that
 * Σ_j P(alarm in block j) ≤ Σ_j N_j/A_j = a Σ 2^{−j} = a: valid for ever, at ln 2 ≈ 0.7 nats
 * per doubling of the canary's age.
 */
export function changeLogThreshold(b: KeyBudget, starts: number): number {
  let j = 1;
  let n = FIRST_BLOCK_STARTS;
  while (starts > n) {
    j++;
    n *= 2;
  }
  return Math.log(n) + j * Math.LN2 - Math.log(share(b, SHARES.change));
}

// How the false-alarm budget α is spread over detectors, cells and checks, and the thresholds
// that follow. Bonferroni with weights: any (cell, check) alarm is a deployment alarm, so
// P(the deployment ever fails | every null holds) ≤ Σ (per-key shares) ≤ α. Cells get their
// weight by order of first appearance (a fact of the traffic, not of the outcomes), so the
// weights are fixed before a cell's first observation and sum to at most 1 over any number of cells.

export const SHARES = {
  /** Anchored wealth since the epoch began (Ville). */
  anchored: 0.75,
  /** Shiryaev–Roberts change detector. */
  change: 0.2,
  /** Confidence sequences of the references that relative and agreement allowances lean on. */
  reference: 0.05,
} as const;

/** The first this many cells share three quarters of the budget equally. */
export const EQUAL_CELLS = 64;
/** Change-detector horizon blocks: the first holds this many starts (one start per second: 1 h). */
export const FIRST_BLOCK_STARTS = 3600;

/**
 * Weight of the k-th cell to appear (k from 1): 3/256 each for the first 64 (three dimensions of
 * a few values each make about that many cells with their pairs), then 16/(k(k−1)) for the rest,
 * which sums to 1/4 over any number of them.
 */
export function cellWeight(k: number): number {
  if (!(k >= 1)) throw new RangeError(`cell order must be ≥ 1, got ${k}`);
  return k <= EQUAL_CELLS ? 3 / (4 * EQUAL_CELLS) : EQUAL_CELLS / 4 / (k * (k - 1));
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

/**
 * α of one reference confidence sequence. Half the reference share goes to the per-cell baseline
 * levels behind relative allowances (by cell weight), half to the one pooled reference per
 * agreement check (the whole deployment), split over the checks.
 */
export const referenceAlpha = (b: KeyBudget): number => share(b, SHARES.reference / 2);
export const poolAlpha = (b: Pick<KeyBudget, "alpha" | "checks">): number => (b.alpha * SHARES.reference) / 2 / Math.max(1, b.checks);

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

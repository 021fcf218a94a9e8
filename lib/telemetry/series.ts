// The per-minute points and window distributions the dashboard draws, as storage returns them
// (clickhouse/queries/timeseries.ts fills them).

export interface RequestPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  requests: number;
  errors: number;
  fallbacks: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface ShadowPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  pairs: number;
  exact_matches: number;
  agreement_sum: number;
  score_n: number;
  score_delta_sum: number;
  /** Mean task score per arm = sum / score_n (pairs scored on both arms). */
  score_baseline_sum: number;
  score_canary_sum: number;
  /** Pairs with a KL divergence, and its sum. */
  kl_n: number;
  kl_sum: number;
}

export interface MemoryPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  kind: string;
  peak: number;
  mean: number;
}

export interface DriftPoint {
  /** The minute, 'YYYY-MM-DD hh:mm:ss' UTC. */
  t: string;
  arm: string;
  feature: string;
  samples: number;
  mean: number;
}

export interface HistogramRow {
  arm: string;
  /** drift histograms only */
  feature?: string;
  bins: number[];
  counts: number[];
}

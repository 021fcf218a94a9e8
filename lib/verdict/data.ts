import type { Binned } from "@/lib/stats";
// What the comparison queries return (aggregates per cell and arm) — the pure input of the verdict.

export type Arm = "baseline" | "canary";

export interface RequestRow {
  dimension: string;
  value: string;
  arm: string;
  requests: number;
  errors: number;
  fallbacks: number;
  latency_sum: number;
  /** The window's latency histogram: log2 bins, 32 per octave (see 0002_minute_aggregates.sql). */
  hist_bins?: number[];
  hist_counts?: number[];
}

export interface ShadowRow {
  dimension: string;
  value: string;
  pairs: number;
  exact_matches: number;
  agreement_sum: number;
  agreement_sumsq: number;
  kl_n: number;
  kl_sum: number;
  kl_sumsq: number;
  score_n: number;
  score_baseline_sum: number;
  score_canary_sum: number;
  score_delta_sumsq: number;
}

export interface DriftRow {
  dimension: string;
  value: string;
  /** 'baseline' rows are the reference window, 'canary' rows the evaluated window. */
  arm: string;
  feature: string;
  n: number;
  /** Signed log2 bin (32 per octave) → count. JSON object keys are strings. */
  bins: Record<string, number>;
}

export interface MemoryRow {
  arm: string;
  metric: string;
  kind: string;
  minute: string;
  n: number;
  total: number;
  peak: number;
}

/** Newest latencies per arm for one cell, capped. */
/** Latency histograms of one cell (bins of latency_hist with their counts), per arm. */
export interface SampleSet {
  dimension: string;
  value: string;
  baseline: Binned;
  canary: Binned;
}

export interface ComparisonInput {
  requests: RequestRow[];
  shadow: ShadowRow[];
  drift: DriftRow[];
  memory: MemoryRow[];
  samples: SampleSet[];
}

export const cellKey = (dimension: string, value: string): string => `${dimension}\u0000${value}`;

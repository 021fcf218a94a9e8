// The metrics a guardrail check can test, with the facts validation and the judgment need.

export const METRICS = [
  "latency_p50",
  "latency_p95",
  "latency_p99",
  "latency_rank",
  "error_rate",
  "fallback_rate",
  "exact_match",
  "token_agreement",
  "kl_divergence",
  "task_score",
  "memory_peak",
  "memory_steady",
  "drift_psi",
] as const;

export type Metric = (typeof METRICS)[number];
export type Direction = "lower_is_better" | "higher_is_better";

/** Where a check's per-request observations come from. */
export type MetricSource = "shadow" | "arms" | "aggregate";

export interface MetricInfo {
  /** The only direction that makes sense for the metric. */
  direction: Direction;
  /** A rate or score in [0, 1]: absolute and relative allowances must stay below 1. */
  unitInterval: boolean;
  /** Agreement metrics: canary-vs-baseline per pair, compared against a reference. */
  agreement: boolean;
  /** Deployment-level only (memory has no slices). */
  overallOnly: boolean;
  /** Relative allowances need a non-zero baseline; PSI's baseline is 0. */
  relativeAllowed: boolean;
  /** shadow: one observation per shadow pair; arms: per request served by both arms; aggregate: per-minute aggregates. */
  source: MetricSource;
  /** Judged by a sequential test that may fail the deployment; advisory metrics are shown, never fail it. */
  sequential: boolean;
}

const info = (direction: Direction, unitInterval: boolean, source: MetricSource, extra: Partial<MetricInfo> = {}): MetricInfo => ({
  direction,
  unitInterval,
  agreement: false,
  overallOnly: false,
  relativeAllowed: true,
  source,
  sequential: source !== "aggregate",
  ...extra,
});

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  latency_p50: info("lower_is_better", false, "arms"),
  latency_p95: info("lower_is_better", false, "arms"),
  latency_p99: info("lower_is_better", false, "arms"),
  latency_rank: info("lower_is_better", false, "arms"),
  error_rate: info("lower_is_better", true, "arms"),
  fallback_rate: info("lower_is_better", true, "arms"),
  exact_match: info("higher_is_better", true, "shadow", { agreement: true }),
  token_agreement: info("higher_is_better", true, "shadow", { agreement: true }),
  kl_divergence: info("lower_is_better", false, "shadow", { agreement: true }),
  task_score: info("higher_is_better", true, "shadow"),
  memory_peak: info("lower_is_better", false, "aggregate", { overallOnly: true }),
  memory_steady: info("lower_is_better", false, "aggregate", { overallOnly: true }),
  drift_psi: info("lower_is_better", false, "aggregate", { relativeAllowed: false }),
};

export const isLatencyMetric = (m: Metric): boolean => m.startsWith("latency_");

// The metrics a guardrail check can test, with the facts validation and the verdict need.

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
}

const info = (direction: Direction, unitInterval: boolean, extra: Partial<MetricInfo> = {}): MetricInfo => ({
  direction,
  unitInterval,
  agreement: false,
  overallOnly: false,
  relativeAllowed: true,
  ...extra,
});

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  latency_p50: info("lower_is_better", false),
  latency_p95: info("lower_is_better", false),
  latency_p99: info("lower_is_better", false),
  latency_rank: info("lower_is_better", false),
  error_rate: info("lower_is_better", true),
  fallback_rate: info("lower_is_better", true),
  exact_match: info("higher_is_better", true, { agreement: true }),
  token_agreement: info("higher_is_better", true, { agreement: true }),
  kl_divergence: info("lower_is_better", false, { agreement: true }),
  task_score: info("higher_is_better", true),
  memory_peak: info("lower_is_better", false, { overallOnly: true }),
  memory_steady: info("lower_is_better", false, { overallOnly: true }),
  drift_psi: info("lower_is_better", false, { relativeAllowed: false }),
};

export const isLatencyMetric = (m: Metric): boolean => m.startsWith("latency_");

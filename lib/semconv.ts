// The attribute, event and metric names senders use to report to Quantlens (docs/semconv.md).
// The ingest mapper reads them and the demo writes them: one source so the two cannot drift.
// tests/unit/semconv-doc.test.ts checks this module against the document, both ways.

/** Quantlens attributes (resource, span, shadow-comparison and metric-point attributes). */
export const ATTR = {
  // Resource: who sent the batch.
  /** The logical service being canaried; both arms share it. Also allowed on a shadow record. */
  deployment: "quantlens.deployment",
  /** "baseline" or "canary". */
  arm: "quantlens.arm",
  // Resource: the arm's quantization manifest (versioned when any of them changes).
  modelVersion: "quantlens.model.version",
  quantFormat: "quantlens.quant.format",
  quantMethod: "quantlens.quant.method",
  quantGroupSize: "quantlens.quant.group_size",
  calibrationDataset: "quantlens.calibration.dataset",
  runtime: "quantlens.runtime",
  hardware: "quantlens.hardware",
  // Request span (and shadow comparison, for the id).
  /** Joins the two arms' spans and the shadow comparison. */
  requestId: "quantlens.request.id",
  fallback: "quantlens.fallback",
  fallbackReason: "quantlens.fallback.reason",
  // Shadow comparison record.
  shadowExactMatch: "quantlens.shadow.exact_match",
  shadowTokenAgreement: "quantlens.shadow.token_agreement",
  shadowKlDivergence: "quantlens.shadow.kl_divergence",
  shadowScoreBaseline: "quantlens.shadow.score.baseline",
  shadowScoreCanary: "quantlens.shadow.score.canary",
  /** Opt-in texts. */
  shadowInput: "quantlens.shadow.input",
  shadowOutputBaseline: "quantlens.shadow.output.baseline",
  shadowOutputCanary: "quantlens.shadow.output.canary",
  // Metric point.
  /** Which memory a quantlens.memory.used point measures (MEMORY_KINDS). */
  memoryKind: "quantlens.memory.kind",
  /** Which input feature a quantlens.calibration.input point describes (the <feature> of quantlens.input.<feature>). */
  calibrationFeature: "quantlens.calibration.feature",
} as const;

/** Attribute-name prefixes: the rest of the key is a slice dimension or a drift feature name. */
export const ATTR_PREFIX = {
  /** quantlens.slice.<dimension>: a string slice value. */
  slice: "quantlens.slice.",
  /** quantlens.input.<feature>: a number tracked for input drift. */
  input: "quantlens.input.",
} as const;

/** Event name of a shadow comparison (log record event name / event.name, or span event name). */
export const SHADOW_EVENT = "quantlens.shadow_comparison";

/** Quantlens metric instruments. */
export const METRIC = {
  /** Gauge, bytes, with ATTR.memoryKind. */
  memoryUsed: "quantlens.memory.used",
  /** Counter, joules. */
  energy: "quantlens.energy",
  /** Histogram in milliseconds, for metrics-only senders. */
  requestDuration: "quantlens.request.duration",
  errors: "quantlens.errors",
  fallbacks: "quantlens.fallbacks",
  /** Histogram, the feature's own unit: the calibration set's distribution of one input feature (the drift reference). */
  calibrationInput: "quantlens.calibration.input",
} as const;

/** Values of ATTR.memoryKind. */
export const MEMORY_KINDS = ["weights", "kv_cache", "activations", "total"] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** OpenTelemetry's own names that Quantlens reads (OTel semantic conventions). */
export const OTEL = {
  serviceName: "service.name",
  /** Log-record attribute naming the event, when the record's event name is unset. */
  eventName: "event.name",
  /** On a request-duration histogram point: the requests failed. */
  errorType: "error.type",
  genAiRequestModel: "gen_ai.request.model",
  genAiInputTokens: "gen_ai.usage.input_tokens",
  genAiOutputTokens: "gen_ai.usage.output_tokens",
  /** Seconds. */
  genAiTimeToFirstToken: "gen_ai.server.time_to_first_token",
  /** Histogram in seconds. */
  genAiRequestDuration: "gen_ai.server.request.duration",
} as const;

// Caps that keep one sender from hurting the store. Documented in docs/semconv.md.
export const LIMITS = {
  sliceValueChars: 256,
  sliceDimensionsPerRecord: 16,
  sliceValuesPerDimension: 200,
  /** Distinct slice dimension names per deployment; later names are left out of the slices. */
  sliceDimensionsPerDeployment: 32,
  /** Distinct drift feature names (quantlens.input.*) per deployment; later names are left out. */
  featuresPerDeployment: 32,
  attributeValueChars: 4096,
  attributesPerRecord: 128,
  attributeKeyChars: 256,
  shadowTextChars: 8192,
  requestIdChars: 256,
  deploymentChars: 128,
  maxLatencyMs: 24 * 3600 * 1000,
  /** Buckets of one histogram point (OTel's default explicit boundaries make 16). */
  histogramBuckets: 1024,
  /** Messages about rejected records kept per response. */
  reasonsPerResponse: 5,
} as const;

export const DIMENSION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const OTHER_SLICE = "__other__";

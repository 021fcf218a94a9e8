// The product's size limits, one source for ingest, the services and the pages (documented in
// docs/semconv.md, "Limits and hostile input"). Caps keep one sender from hurting the store.
export const LIMITS = {
  /** A deployment name: at most this many printable characters (ingest, API, pages). */
  deploymentChars: 128,
  /** An API key's name (admin API). */
  keyNameChars: 128,
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
  maxLatencyMs: 24 * 3600 * 1000,
  /** Buckets of one histogram point (OTel's default explicit boundaries make 16). */
  histogramBuckets: 1024,
  /** Messages about rejected records kept per response. */
  reasonsPerResponse: 5,
} as const;

/** A slice dimension or drift feature name (ingest; the comparison API's dimension parameter). */
export const DIMENSION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** The slice value that values past LIMITS.sliceValuesPerDimension fold into. */
export const OTHER_SLICE = "__other__";

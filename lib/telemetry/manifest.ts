// A quantization manifest: what an arm says it runs (its resource attributes).

/** The quantization manifest of an arm, as reported in its resource attributes. */
export interface ManifestFields {
  model_version: string;
  quant_format: string;
  quant_method: string;
  group_size: string;
  calibration_dataset: string;
  runtime: string;
  hardware: string;
}

export interface ManifestVersion extends ManifestFields {
  deployment: string;
  arm: string;
  fingerprint: string;
  /** When the version began by the data's own time (its first records), UTC. */
  first_seen: string;
  /** When the server first received it, UTC. */
  received_at: string;
}

// The demo canary's calibration reference (docs/semconv.md, "Calibration reference"): a sample of
// the demo's own inputs, per slice and for the whole deployment, so drift against it is ~0 except
// in one slice whose calibration prompts were shorter than its traffic (calibration staleness).
import { generateRequest, type DemoRequest } from "./model";

/** Calibration requests drawn (from their own seed: not the live traffic's requests). */
export const CALIBRATION_SIZE = 4000;
const SEED_OFFSET = 7919;

/** The one stale slice: its calibration prompts were this much shorter than its live prompts. */
export const STALE_CALIBRATION = { dimension: "language", value: "ja", feature: "prompt_tokens", factor: 0.4 } as const;

/** Explicit bucket bounds for every feature: quarter octaves of 1 + x, 0 … 65535 (65 bounds). */
export const CALIBRATION_BOUNDS: readonly number[] = Array.from({ length: 65 }, (_, k) => 2 ** (k / 4) - 1);

const DIMENSIONS = ["language", "context_bucket", "task"] as const;

export interface CalibrationValue {
  feature: string;
  value: number;
  /** [dimension, value], or none for the whole deployment. */
  slice?: readonly [string, string];
}

function features(r: DemoRequest): [string, number][] {
  return Object.entries(r.input);
}

/** Every value to record: each calibration request counts once for the whole deployment and once per dimension. */
export function calibrationValues(seed: number): CalibrationValue[] {
  const out: CalibrationValue[] = [];
  for (let i = 0; i < CALIBRATION_SIZE; i++) {
    const r = generateRequest({ seed: seed + SEED_OFFSET, regression: "off" }, i);
    for (const [feature, value] of features(r)) {
      out.push({ feature, value });
      for (const d of DIMENSIONS) {
        const slice = [d, r.slices[d]] as const;
        const stale = d === STALE_CALIBRATION.dimension && slice[1] === STALE_CALIBRATION.value && feature === STALE_CALIBRATION.feature;
        out.push({ feature, value: stale ? Math.round(value * STALE_CALIBRATION.factor) : value, slice });
      }
    }
  }
  return out;
}

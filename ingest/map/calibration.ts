// quantlens.calibration.input histogram points → calibration_reference rows: the calibration set's
// distribution of one input feature, for the whole deployment or one slice (docs/semconv.md,
// "Calibration reference"). Each bucket (lo, hi] counts at the signed log2 bin of its upper bound,
// the highest bin any of its values can fall in, so the drift check's coarse bins, cut on the
// reference's mass, fall on the sender's own boundaries (to within one ~2% bin).
import { chTimeNs } from "@/clickhouse/time";
import { DIMENSION_NAME, LIMITS } from "@/lib/limits";
import { ATTR, ATTR_PREFIX, METRIC } from "@/lib/semconv";
import { SIGNED_BIN_MAX, signedBin } from "@/lib/stats/log-bins";
import type { HistogramDataPoint } from "../otlp/types";
import { anyToString } from "./attributes";
import type { Origin } from "./resource";
import type { MapResult } from "./result";
import type { SliceFolder } from "./slices";

const NAME = METRIC.calibrationInput;

/** The bins of explicit-bounds buckets: bucket i ends at bounds[i]; the open top bucket at max, or one bin past the last bound. */
export function calibrationBins(bounds: number[], counts: number[], max: number | null): Record<string, number> {
  const bins: Record<string, number> = {};
  counts.forEach((c, i) => {
    if (c <= 0) return;
    const top = i < bounds.length ? signedBin(bounds[i]) : max !== null && max > bounds[bounds.length - 1] ? signedBin(max) : Math.min(SIGNED_BIN_MAX, signedBin(bounds[bounds.length - 1] ?? 0) + 1);
    const k = String(top);
    bins[k] = (bins[k] ?? 0) + c;
  });
  return bins;
}

/** Validates and maps one point; a string names what is wrong with it (the point is rejected, the rest of the request kept). */
export function mapCalibrationPoint(o: Origin, p: HistogramDataPoint, counts: number[], folder: SliceFolder, out: MapResult): string | null {
  if (o.arm !== "canary") return `${NAME} describes the canary's calibration set: send it on the canary's resource (${ATTR.arm}=canary), got ${o.arm === "unspecified" ? "no arm" : JSON.stringify(o.arm)}`;
  const dataset = o.manifest.calibration_dataset;
  if (!dataset) return `${NAME} needs the resource attribute ${ATTR.calibrationDataset} (the calibration set it describes)`;
  const featureRaw = p.attributes[ATTR.calibrationFeature];
  const feature = typeof featureRaw === "string" ? featureRaw : "";
  if (!DIMENSION_NAME.test(feature)) return `${NAME}: ${ATTR.calibrationFeature} must name the input feature (the <feature> of ${ATTR_PREFIX.input}<feature>) and match [A-Za-z0-9_.-]{1,64}, got ${JSON.stringify(anyToString(featureRaw ?? null).slice(0, 80))}`;
  const sliceKeys = Object.keys(p.attributes).filter((k) => k.startsWith(ATTR_PREFIX.slice));
  if (sliceKeys.length > 1) return `${NAME}: at most one ${ATTR_PREFIX.slice}<dimension> attribute per point (drift is judged per single dimension), got ${sliceKeys.length}`;
  const bounds = p.explicitBounds;
  if (bounds.length === 0) return `${NAME}: explicitBounds must not be empty (one bucket says nothing about the distribution)`;
  if (counts.length !== bounds.length + 1) return `${NAME}: ${counts.length} bucket counts for ${bounds.length} bounds (needs ${bounds.length + 1})`;
  for (let i = 0; i < bounds.length; i++) {
    if (!Number.isFinite(bounds[i])) return `${NAME}: explicitBounds[${i}] must be finite`;
    if (i > 0 && !(bounds[i] > bounds[i - 1])) return `${NAME}: explicitBounds must increase strictly, but [${i - 1}] = ${bounds[i - 1]} and [${i}] = ${bounds[i]}`;
  }
  const whole = counts.map((c) => Math.round(c));
  const n = whole.reduce((a, b) => a + b, 0);
  if (n <= 0) return `${NAME}: the buckets hold no values`;
  let dimension = "";
  let value = "";
  if (sliceKeys.length === 1) {
    dimension = sliceKeys[0].slice(ATTR_PREFIX.slice.length);
    if (!DIMENSION_NAME.test(dimension)) return `slice dimension ${JSON.stringify(dimension.slice(0, 80))} must match [A-Za-z0-9_.-]{1,64}`;
    const v = p.attributes[sliceKeys[0]];
    if (v !== null && typeof v === "object") return `${sliceKeys[0]} must be a string, got a structured value`;
    value = anyToString(v);
    if (value === "") return `${sliceKeys[0]} must not be empty`;
    if (value.length > LIMITS.sliceValueChars) return `${sliceKeys[0]} is ${value.length} characters; slice values are capped at ${LIMITS.sliceValueChars}`;
    const kept = folder.fold(o.deployment, dimension, value);
    // A folded value would mix several slices' references into one; a left-out name has no cell.
    if (kept === null) return `${sliceKeys[0]}: this deployment is past its cap of slice dimensions, so the dimension has no cell`;
    if (kept !== value) return `${sliceKeys[0]}: this dimension is past its cap of values per dimension, so ${JSON.stringify(value.slice(0, 80))} has no cell of its own`;
  }
  if (!folder.feature(o.deployment, feature)) return `${NAME}: this deployment is past its cap of input features, so ${JSON.stringify(feature)} is not tracked for drift`;
  // Without a sum, the mean is taken at the bucket bounds the bins stand for.
  const total = p.sum ?? whole.reduce((s, c, i) => s + c * (bounds[Math.min(i, bounds.length - 1)] ?? 0), 0);
  out.rows.calibration_reference.push({
    deployment: o.deployment, dataset, dimension, value, feature, ts: chTimeNs(p.timeUnixNano), n, total,
    bins: calibrationBins(bounds, whole, p.max),
  });
  return null;
}

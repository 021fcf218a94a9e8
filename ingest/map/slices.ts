// Slice and drift-feature attributes of one record, validated.
import type { Attributes } from "../otlp/types";
import { anyToString, asNumber } from "./attributes";
import { DIMENSION_NAME, LIMITS } from "@/lib/limits";
import { ATTR_PREFIX } from "@/lib/semconv";

const SLICE_PREFIX = ATTR_PREFIX.slice;
const INPUT_PREFIX = ATTR_PREFIX.input;

/**
 * Per-deployment cardinality caps (state lives in ingest/slice-cap.ts): values past the
 * per-dimension cap fold into __other__; dimension and feature names past the per-deployment
 * cap are left out of the record's slices and features (null / false).
 */
export interface SliceFolder {
  fold(deployment: string, dimension: string, value: string): string | null;
  feature(deployment: string, name: string): boolean;
}

export interface SliceRead {
  slices: Record<string, string>;
  features: Record<string, number>;
  /** Dimensions whose value was folded into __other__. */
  folded: string[];
  /** Attribute keys (quantlens.slice.* and quantlens.input.*) left out: past the deployment's name cap. */
  dropped: string[];
}

export function readSlices(
  deployment: string,
  attrs: Attributes,
  folder: SliceFolder,
  base?: Record<string, string>,
): { ok: true; value: SliceRead } | { ok: false; error: string } {
  const slices: Record<string, string> = { ...base };
  const features: Record<string, number> = {};
  const folded: string[] = [];
  const dropped: string[] = [];
  // Validate the whole record first: a rejected record must not use up capped names or values.
  const given: [string, string][] = [];
  const givenFeatures: [string, number][] = [];
  let dims = Object.keys(slices).length;
  for (const key in attrs) {
    if (key.startsWith(SLICE_PREFIX)) {
      const dim = key.slice(SLICE_PREFIX.length);
      if (!DIMENSION_NAME.test(dim)) return { ok: false, error: `slice dimension ${JSON.stringify(dim.slice(0, 80))} must match [A-Za-z0-9_.-]{1,64}` };
      const v = attrs[key];
      if (v !== null && typeof v === "object") return { ok: false, error: `${key} must be a string, got a structured value` };
      const value = anyToString(v);
      if (value.length > LIMITS.sliceValueChars) {
        return { ok: false, error: `${key} is ${value.length} characters; slice values are capped at ${LIMITS.sliceValueChars}` };
      }
      if (value === "") continue;
      if (!(dim in slices)) dims++;
      if (dims > LIMITS.sliceDimensionsPerRecord) {
        return { ok: false, error: `more than ${LIMITS.sliceDimensionsPerRecord} slice dimensions on one record` };
      }
      given.push([dim, value]);
    } else if (key.startsWith(INPUT_PREFIX)) {
      const n = asNumber(attrs[key], key);
      if (!n.ok) return n;
      const name = key.slice(INPUT_PREFIX.length);
      if (!DIMENSION_NAME.test(name)) return { ok: false, error: `input feature name ${JSON.stringify(name.slice(0, 80))} must match [A-Za-z0-9_.-]{1,64}` };
      givenFeatures.push([name, n.value]);
    }
  }
  for (const [dim, value] of given) {
    const kept = folder.fold(deployment, dim, value);
    if (kept === null) {
      // Past the deployment's dimension-name cap: an inherited value (span → event) stays.
      dropped.push(`${SLICE_PREFIX}${dim}`);
      continue;
    }
    if (kept !== value) folded.push(dim);
    slices[dim] = kept;
  }
  for (const [name, value] of givenFeatures) {
    if (folder.feature(deployment, name)) features[name] = value;
    else dropped.push(`${INPUT_PREFIX}${name}`);
  }
  return { ok: true, value: { slices, features, folded, dropped } };
}

// A quantlens.shadow_comparison record (log record or span event) → a shadow_comparisons row.
import { chTimeNs } from "@/clickhouse/time";
import type { ShadowComparisonRow } from "@/clickhouse/rows";
import type { Attributes } from "../otlp/types";
import { anyToString, asBool, asUnit, asNumber, str, toStringMap } from "./attributes";
import { LIMITS } from "./limits";
import { deploymentProblem } from "./resource";
import { readSlices, type SliceFolder, SLICE_PREFIX } from "./slices";
import type { TimeRule } from "./time-window";

export const SHADOW_EVENT = "quantlens.shadow_comparison";

const OWN = new Set([
  "quantlens.request.id",
  "quantlens.deployment",
  "event.name",
  "quantlens.shadow.exact_match",
  "quantlens.shadow.token_agreement",
  "quantlens.shadow.kl_divergence",
  "quantlens.shadow.score.baseline",
  "quantlens.shadow.score.canary",
  "quantlens.shadow.input",
  "quantlens.shadow.output.baseline",
  "quantlens.shadow.output.canary",
]);

function text(attrs: Attributes, key: string): string {
  const v = attrs[key];
  if (v === undefined || v === null) return "";
  const s = anyToString(v);
  return s.length > LIMITS.shadowTextChars ? s.slice(0, LIMITS.shadowTextChars) : s;
}

export function mapShadow(
  deployment: string,
  timeNs: bigint,
  attrs: Attributes,
  folder: SliceFolder,
  time: TimeRule,
  /** The field `timeNs` came from, for messages. */
  timeField: string,
  inherited?: { requestId: string; slices: Record<string, string> },
): { ok: true; row: ShadowComparisonRow; folded: string[]; dropped: string[] } | { ok: false; error: string } {
  const requestId = str(attrs, "quantlens.request.id") || inherited?.requestId || "";
  if (!requestId) return { ok: false, error: "shadow comparison without quantlens.request.id" };
  if (requestId.length > LIMITS.requestIdChars) return { ok: false, error: `quantlens.request.id longer than ${LIMITS.requestIdChars}` };
  const dep = str(attrs, "quantlens.deployment") || deployment;
  // A record-level deployment obeys the resource's rule (length, printable, well-formed).
  const depProblem = dep === deployment ? null : deploymentProblem(dep);
  if (depProblem) return { ok: false, error: depProblem };
  if (attrs["quantlens.shadow.exact_match"] === undefined) return { ok: false, error: "shadow comparison without quantlens.shadow.exact_match" };
  const exact = asBool(attrs["quantlens.shadow.exact_match"], "quantlens.shadow.exact_match");
  if (!exact.ok) return exact;
  if (attrs["quantlens.shadow.token_agreement"] === undefined) return { ok: false, error: "shadow comparison without quantlens.shadow.token_agreement" };
  const agreement = asUnit(attrs["quantlens.shadow.token_agreement"], "quantlens.shadow.token_agreement");
  if (!agreement.ok) return agreement;
  let kl: number | null = null;
  if (attrs["quantlens.shadow.kl_divergence"] !== undefined) {
    const k = asNumber(attrs["quantlens.shadow.kl_divergence"], "quantlens.shadow.kl_divergence");
    if (!k.ok) return k;
    if (k.value < 0) return { ok: false, error: `quantlens.shadow.kl_divergence must be >= 0, got ${k.value}` };
    kl = k.value;
  }
  const score = (key: string): { ok: true; v: number | null } | { ok: false; error: string } => {
    if (attrs[key] === undefined) return { ok: true, v: null };
    const s = asUnit(attrs[key], key);
    return s.ok ? { ok: true, v: s.value } : s;
  };
  const sb = score("quantlens.shadow.score.baseline");
  if (!sb.ok) return sb;
  const sc = score("quantlens.shadow.score.canary");
  if (!sc.ok) return sc;
  if (timeNs <= 0n) return { ok: false, error: "shadow comparison without a timestamp" };
  const late = time.check(timeNs, timeField);
  if (late) return { ok: false, error: late };
  // Last: folding admits new slice values, which a rejected record must not use up.
  const slices = readSlices(dep, attrs, folder, inherited?.slices);
  if (!slices.ok) return slices;
  return {
    ok: true,
    folded: slices.value.folded,
    dropped: slices.value.dropped,
    row: {
      deployment: dep,
      ts: chTimeNs(timeNs),
      request_id: requestId,
      slices: slices.value.slices,
      exact_match: exact.value ? 1 : 0,
      token_agreement: agreement.value,
      kl_divergence: kl,
      score_baseline: sb.v,
      score_canary: sc.v,
      input: text(attrs, "quantlens.shadow.input"),
      output_baseline: text(attrs, "quantlens.shadow.output.baseline"),
      output_canary: text(attrs, "quantlens.shadow.output.canary"),
      attributes: toStringMap(attrs, (k) => OWN.has(k) || k.startsWith(SLICE_PREFIX)),
    },
  };
}

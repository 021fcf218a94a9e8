// A quantlens.shadow_comparison record (log record or span event) → a shadow_comparisons row.
import { chTimeNs } from "@/clickhouse/time";
import type { ShadowComparisonRow } from "@/clickhouse/rows";
import type { Attributes } from "../otlp/types";
import { anyToString, asBool, asUnit, asNumber, str, toStringMap } from "./attributes";
import { LIMITS } from "@/lib/limits";
import { ATTR, ATTR_PREFIX, OTEL } from "@/lib/semconv";
import { deploymentProblem } from "./resource";
import { readSlices, type SliceFolder } from "./slices";
import type { TimeRule } from "./time-window";

const OWN = new Set<string>([
  ATTR.requestId,
  ATTR.deployment,
  OTEL.eventName,
  ATTR.shadowExactMatch,
  ATTR.shadowTokenAgreement,
  ATTR.shadowKlDivergence,
  ATTR.shadowScoreBaseline,
  ATTR.shadowScoreCanary,
  ATTR.shadowInput,
  ATTR.shadowOutputBaseline,
  ATTR.shadowOutputCanary,
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
  const requestId = str(attrs, ATTR.requestId) || inherited?.requestId || "";
  if (!requestId) return { ok: false, error: `shadow comparison without ${ATTR.requestId}` };
  if (requestId.length > LIMITS.requestIdChars) return { ok: false, error: `${ATTR.requestId} longer than ${LIMITS.requestIdChars}` };
  const dep = str(attrs, ATTR.deployment) || deployment;
  // A record-level deployment obeys the resource's rule (length, printable, well-formed).
  const depProblem = dep === deployment ? null : deploymentProblem(dep);
  if (depProblem) return { ok: false, error: depProblem };
  if (attrs[ATTR.shadowExactMatch] === undefined) return { ok: false, error: `shadow comparison without ${ATTR.shadowExactMatch}` };
  const exact = asBool(attrs[ATTR.shadowExactMatch], ATTR.shadowExactMatch);
  if (!exact.ok) return exact;
  if (attrs[ATTR.shadowTokenAgreement] === undefined) return { ok: false, error: `shadow comparison without ${ATTR.shadowTokenAgreement}` };
  const agreement = asUnit(attrs[ATTR.shadowTokenAgreement], ATTR.shadowTokenAgreement);
  if (!agreement.ok) return agreement;
  let kl: number | null = null;
  if (attrs[ATTR.shadowKlDivergence] !== undefined) {
    const k = asNumber(attrs[ATTR.shadowKlDivergence], ATTR.shadowKlDivergence);
    if (!k.ok) return k;
    if (k.value < 0) return { ok: false, error: `${ATTR.shadowKlDivergence} must be >= 0, got ${k.value}` };
    kl = k.value;
  }
  const score = (key: string): { ok: true; v: number | null } | { ok: false; error: string } => {
    if (attrs[key] === undefined) return { ok: true, v: null };
    const s = asUnit(attrs[key], key);
    return s.ok ? { ok: true, v: s.value } : s;
  };
  const sb = score(ATTR.shadowScoreBaseline);
  if (!sb.ok) return sb;
  const sc = score(ATTR.shadowScoreCanary);
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
      input: text(attrs, ATTR.shadowInput),
      output_baseline: text(attrs, ATTR.shadowOutputBaseline),
      output_canary: text(attrs, ATTR.shadowOutputCanary),
      attributes: toStringMap(attrs, (k) => OWN.has(k) || k.startsWith(ATTR_PREFIX.slice)),
    },
  };
}

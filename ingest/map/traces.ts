// Spans → inference_events (one per request per arm), plus shadow comparisons sent as span events.
import { chTimeNs } from "@/clickhouse/time";
import type { DecodedTraces, Span } from "../otlp/types";
import { asBool, asNumber, str, toStringMap } from "./attributes";
import { LIMITS } from "@/lib/limits";
import { ATTR, ATTR_PREFIX, OTEL } from "@/lib/semconv";
import { readOrigin, type Origin } from "./resource";
import { MapResult } from "./result";
import { SHADOW_EVENT } from "@/lib/semconv";
import { mapShadow } from "./shadow";
import { readSlices, type SliceFolder } from "./slices";
import { defaultTimeWindow, TimeRule } from "./time-window";

const OWN = new Set<string>([
  ATTR.requestId,
  ATTR.fallback,
  ATTR.fallbackReason,
  OTEL.genAiRequestModel,
  OTEL.genAiInputTokens,
  OTEL.genAiOutputTokens,
  OTEL.genAiTimeToFirstToken,
]);
const ownKey = (k: string) => OWN.has(k) || k.startsWith(ATTR_PREFIX.slice) || k.startsWith(ATTR_PREFIX.input);

function tokens(span: Span, key: string): { ok: true; v: number } | { ok: false; error: string } {
  const raw = span.attributes[key];
  if (raw === undefined) return { ok: true, v: 0 };
  const n = asNumber(raw, key);
  if (!n.ok) return n;
  if (n.value < 0) return { ok: false, error: `${key} must be >= 0, got ${n.value}` };
  return { ok: true, v: Math.min(Math.round(n.value), 0xffffffff) };
}

function mapSpan(origin: Origin, span: Span, folder: SliceFolder, time: TimeRule, out: MapResult, where: string): string | null {
  if (span.invalid) return span.invalid;
  if (span.startTimeUnixNano <= 0n) return `${where}: startTimeUnixNano is missing`;
  const late = time.check(span.startTimeUnixNano, "startTimeUnixNano");
  if (late) return `${where}: ${late}`;
  const durNs = span.endTimeUnixNano - span.startTimeUnixNano;
  if (durNs < 0n) return `${where}: end time is before start time (negative latency)`;
  const latencyMs = Number(durNs) / 1e6;
  if (latencyMs > LIMITS.maxLatencyMs) return `${where}: latency ${Math.round(latencyMs)} ms exceeds 24 h`;
  const a = span.attributes;
  const requestId = str(a, ATTR.requestId);
  if (requestId.length > LIMITS.requestIdChars) return `${where}: ${ATTR.requestId} longer than ${LIMITS.requestIdChars}`;
  let fallback = false;
  if (a[ATTR.fallback] !== undefined) {
    const f = asBool(a[ATTR.fallback], ATTR.fallback);
    if (!f.ok) return `${where}: ${f.error}`;
    fallback = f.value;
  }
  let ttft: number | null = null;
  if (a[OTEL.genAiTimeToFirstToken] !== undefined) {
    const t = asNumber(a[OTEL.genAiTimeToFirstToken], OTEL.genAiTimeToFirstToken);
    if (!t.ok) return `${where}: ${t.error}`;
    if (t.value < 0) return `${where}: ${OTEL.genAiTimeToFirstToken} must be >= 0`;
    ttft = t.value * 1000;
  }
  const inTok = tokens(span, OTEL.genAiInputTokens);
  if (!inTok.ok) return `${where}: ${inTok.error}`;
  const outTok = tokens(span, OTEL.genAiOutputTokens);
  if (!outTok.ok) return `${where}: ${outTok.error}`;
  const s = readSlices(origin.deployment, a, folder);
  if (!s.ok) return `${where}: ${s.error}`;
  out.folded(origin.deployment, s.value.folded, s.value.dropped);

  for (let i = 0; i < span.events.length; i++) {
    const ev = span.events[i];
    if (ev.name !== SHADOW_EVENT) continue;
    const r = mapShadow(origin.deployment, ev.timeUnixNano || span.endTimeUnixNano, ev.attributes, folder, time, ev.timeUnixNano ? "timeUnixNano" : "span endTimeUnixNano", {
      requestId,
      slices: s.value.slices,
    });
    if (r.ok) {
      out.rows.shadow_comparisons.push(r.row);
      out.folded(r.row.deployment, r.folded, r.dropped);
      out.accepted++;
    } else out.reject(`${where}.events[${i}]: ${r.error}`);
  }

  out.noteOriginTime(origin, span.startTimeUnixNano);
  out.eventManifests.push(origin.fingerprint);
  out.rows.inference_events.push({
    deployment: origin.deployment,
    arm: origin.arm,
    ts: chTimeNs(span.startTimeUnixNano),
    request_id: requestId,
    trace_id: span.traceId,
    span_id: span.spanId,
    service: origin.service,
    span_name: span.name.slice(0, 256),
    model: str(a, OTEL.genAiRequestModel).slice(0, 256),
    latency_ms: latencyMs,
    ttft_ms: ttft,
    is_error: span.status.code === 2 ? 1 : 0,
    is_fallback: fallback ? 1 : 0,
    fallback_reason: str(a, ATTR.fallbackReason).slice(0, 256),
    input_tokens: inTok.v,
    output_tokens: outTok.v,
    status_message: span.status.message.slice(0, LIMITS.attributeValueChars),
    slices: s.value.slices,
    features: s.value.features,
    attributes: toStringMap(a, ownKey),
    resource_attributes: origin.attributes,
  });
  return null;
}

export function mapTraces(req: DecodedTraces, folder: SliceFolder, time = new TimeRule(defaultTimeWindow()), out = new MapResult()): MapResult {
  req.resourceSpans.forEach((rs, r) => {
    const o = readOrigin(rs.resource);
    const count = rs.scopeSpans.reduce((n, ss) => n + ss.spans.length, 0);
    if (!o.ok) {
      if (count) out.reject(`resourceSpans[${r}]: ${o.error}`, count);
      return;
    }
    out.noteOrigin(o.origin);
    rs.scopeSpans.forEach((ss, s) =>
      ss.spans.forEach((span, i) => {
        const where = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const err = mapSpan(o.origin, span, folder, time, out, where);
        if (err) out.reject(err.startsWith("resourceSpans") ? err : `${where}: ${err}`);
        else out.accepted++;
      }),
    );
  });
  return out;
}

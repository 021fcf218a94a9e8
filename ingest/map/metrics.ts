// Metric points → memory/energy samples, request aggregates from metrics-only senders,
// and everything else into otel_metrics.
import { chTimeNs } from "@/clickhouse/time";
import type { Attributes, DecodedMetrics, HistogramDataPoint, Metric, NumberDataPoint } from "../otlp/types";
import { str, toStringMap } from "./attributes";
import { mapCalibrationPoint } from "./calibration";
import { readOrigin, type Origin } from "./resource";
import { MapResult } from "./result";
import { readSlices, type SliceFolder } from "./slices";
import { LIMITS } from "@/lib/limits";
import { ATTR, MEMORY_KINDS, METRIC, OTEL } from "@/lib/semconv";
import { defaultTimeWindow, TimeRule } from "./time-window";

export const TEMPORALITY_CUMULATIVE = 2;

/** Turns cumulative series into deltas; state lives in ingest/cumulative.ts. null: a cap refuses a new series. */
export interface DeltaTracker {
  delta(deployment: string, series: string, startNs: bigint, timeNs: bigint, values: number[]): number[] | null;
}

const seriesRefused = (deployment: string) =>
  `too many cumulative series for deployment ${JSON.stringify(deployment)} (a cap per deployment and in total; see docs/semconv.md): send delta temporality or fewer attribute combinations`;

const MEMORY_KIND_SET = new Set<string>(MEMORY_KINDS);
const LATENCY_HISTOGRAMS: Record<string, number> = {
  // unit → ms factor
  [OTEL.genAiRequestDuration]: 1000,
  [METRIC.requestDuration]: 1,
};
const REQUEST_COUNTERS = new Set<string>([METRIC.errors, METRIC.fallbacks]);

function seriesKey(o: Origin, name: string, attrs: Attributes): string {
  return `${o.arm}\u0000${name}\u0000${JSON.stringify(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : 1)), (_k, v) => (typeof v === "bigint" ? String(v) : v))}`;
}

function baseRow(o: Origin, p: { timeUnixNano: bigint }) {
  return { deployment: o.deployment, arm: o.arm, ts: chTimeNs(p.timeUnixNano) };
}

function mapNumberPoint(o: Origin, m: Metric & { points: NumberDataPoint[] }, p: NumberDataPoint, value: number, folder: SliceFolder, out: MapResult): string | null {
  if (m.name === METRIC.memoryUsed || m.name === METRIC.energy) {
    const kind = m.name === METRIC.energy ? "energy" : str(p.attributes, ATTR.memoryKind);
    if (m.name === METRIC.memoryUsed && !MEMORY_KIND_SET.has(kind)) {
      return `${ATTR.memoryKind} must be ${MEMORY_KINDS.slice(0, -1).join(", ")} or ${MEMORY_KINDS[MEMORY_KINDS.length - 1]}, got ${JSON.stringify(kind.slice(0, 40))}`;
    }
    if (value < 0) return `${m.name} must be >= 0, got ${value}`;
    out.rows.resource_samples.push({ ...baseRow(o, p), metric: m.name, kind, value, attributes: toStringMap(p.attributes) });
    return null;
  }
  if (REQUEST_COUNTERS.has(m.name)) {
    const s = readSlices(o.deployment, p.attributes, folder);
    if (!s.ok) return s.error;
    out.folded(o.deployment, s.value.folded, s.value.dropped);
    const n = Math.max(0, Math.round(value));
    out.rows.request_metric_points.push({
      ...baseRow(o, p), slices: s.value.slices, requests: 0,
      errors: m.name === METRIC.errors ? n : 0,
      fallbacks: m.name === METRIC.fallbacks ? n : 0,
      latency_sum_ms: 0, latency_mids_ms: [], latency_counts: [],
    });
    return null;
  }
  out.rows.otel_metrics.push({
    deployment: o.deployment, ts: chTimeNs(p.timeUnixNano), name: m.name.slice(0, 256), type: m.type, unit: m.unit.slice(0, 64),
    value, count: 0, bounds: [], bucket_counts: [], attributes: toStringMap(p.attributes), resource_attributes: o.attributes,
  });
  return null;
}

/** Bucket midpoints in ms; the open top bucket uses its lower bound (or the max, if sent). */
function midpoints(bounds: number[], factor: number, max: number | null): number[] {
  const mids: number[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    const lo = i === 0 ? 0 : bounds[i - 1];
    const hi = i === bounds.length ? (max ?? lo) : bounds[i];
    mids.push(Math.max(0, ((lo + Math.max(lo, hi)) / 2) * factor));
  }
  return mids;
}

function mapHistogramPoint(o: Origin, m: Metric & { points: HistogramDataPoint[] }, p: HistogramDataPoint, counts: number[], sum: number, folder: SliceFolder, out: MapResult): string | null {
  if (counts.length && counts.length !== p.explicitBounds.length + 1) {
    return `histogram ${m.name}: ${counts.length} bucket counts for ${p.explicitBounds.length} bounds`;
  }
  const factor = LATENCY_HISTOGRAMS[m.name];
  if (factor !== undefined) {
    const s = readSlices(o.deployment, p.attributes, folder);
    if (!s.ok) return s.error;
    out.folded(o.deployment, s.value.folded, s.value.dropped);
    const total = counts.reduce((a, b) => a + b, 0);
    const isError = p.attributes[OTEL.errorType] !== undefined;
    out.rows.request_metric_points.push({
      ...baseRow(o, p), slices: s.value.slices, requests: total, errors: isError ? total : 0, fallbacks: 0,
      latency_sum_ms: Math.max(0, sum * factor),
      latency_mids_ms: midpoints(p.explicitBounds, factor, p.max),
      latency_counts: counts.map((c) => Math.max(0, Math.round(c))),
    });
    return null;
  }
  out.rows.otel_metrics.push({
    deployment: o.deployment, ts: chTimeNs(p.timeUnixNano), name: m.name.slice(0, 256), type: m.type, unit: m.unit.slice(0, 64),
    value: sum, count: counts.reduce((a, b) => a + b, 0), bounds: p.explicitBounds, bucket_counts: counts,
    attributes: toStringMap(p.attributes), resource_attributes: o.attributes,
  });
  return null;
}

function mapMetric(o: Origin, m: Metric, folder: SliceFolder, deltas: DeltaTracker, time: TimeRule, out: MapResult, where: string): void {
  const cumulative = "temporality" in m && m.temporality === TEMPORALITY_CUMULATIVE;
  m.points.forEach((p, i) => {
    const at = `${where}.dataPoints[${i}]`;
    if (p.invalid) return out.reject(`${at}: ${p.invalid}`);
    if (p.timeUnixNano <= 0n) return out.reject(`${at}: timeUnixNano is missing`);
    const late = time.check(p.timeUnixNano, "timeUnixNano");
    if (late) return out.reject(`${at}: ${late}`);
    let err: string | null = null;
    if (m.name === METRIC.calibrationInput) {
      // A snapshot of the whole calibration set, whatever the temporality: never turned into deltas.
      if (m.type !== "histogram") return out.reject(`${at}: ${METRIC.calibrationInput} must be a histogram with explicit bounds, got a ${m.type}`);
      const hp = p as HistogramDataPoint;
      if (hp.bucketCounts.some((c) => !Number.isFinite(c) || c < 0) || (hp.sum !== null && !Number.isFinite(hp.sum))) return out.reject(`${at}: histogram counts and sum must be finite and >= 0`);
      if (hp.bucketCounts.length > LIMITS.histogramBuckets || hp.explicitBounds.length > LIMITS.histogramBuckets) return out.reject(`${at}: histogram has ${Math.max(hp.bucketCounts.length, hp.explicitBounds.length)} buckets; at most ${LIMITS.histogramBuckets}`);
      err = mapCalibrationPoint(o, hp, hp.bucketCounts, folder, out);
    } else if (m.type === "gauge" || m.type === "sum") {
      const np = p as NumberDataPoint;
      if (!Number.isFinite(np.value)) return out.reject(`${at}: value must be finite`);
      let value = np.value;
      if (m.type === "sum" && cumulative) {
        const d = deltas.delta(o.deployment, seriesKey(o, m.name, np.attributes), np.startTimeUnixNano, np.timeUnixNano, [np.value]);
        if (!d) return out.reject(`${at}: ${seriesRefused(o.deployment)}`);
        value = d[0];
      }
      err = mapNumberPoint(o, m as Metric & { points: NumberDataPoint[] }, np, value, folder, out);
    } else if (m.type === "histogram") {
      const hp = p as HistogramDataPoint;
      if (hp.bucketCounts.some((c) => !Number.isFinite(c) || c < 0) || (hp.sum !== null && !Number.isFinite(hp.sum))) {
        return out.reject(`${at}: histogram counts and sum must be finite and >= 0`);
      }
      if (hp.bucketCounts.length > LIMITS.histogramBuckets || hp.explicitBounds.length > LIMITS.histogramBuckets) {
        return out.reject(`${at}: histogram has ${Math.max(hp.bucketCounts.length, hp.explicitBounds.length)} buckets; at most ${LIMITS.histogramBuckets}`);
      }
      let counts = hp.bucketCounts;
      let sum = hp.sum ?? 0;
      if (cumulative) {
        const d = deltas.delta(o.deployment, seriesKey(o, m.name, hp.attributes), hp.startTimeUnixNano, hp.timeUnixNano, [sum, ...counts]);
        if (!d) return out.reject(`${at}: ${seriesRefused(o.deployment)}`);
        sum = d[0];
        counts = d.slice(1);
      }
      err = mapHistogramPoint(o, m as Metric & { points: HistogramDataPoint[] }, hp, counts, sum, folder, out);
    } else {
      // Exponential histograms and summaries are kept as their count and sum.
      const q = p as { count: number; sum: number | null; attributes: Attributes; timeUnixNano: bigint };
      out.rows.otel_metrics.push({
        deployment: o.deployment, ts: chTimeNs(q.timeUnixNano), name: m.name.slice(0, 256), type: m.type, unit: m.unit.slice(0, 64),
        value: Number.isFinite(q.sum ?? 0) ? (q.sum ?? 0) : 0, count: Math.max(0, Math.round(q.count || 0)), bounds: [], bucket_counts: [],
        attributes: toStringMap(q.attributes), resource_attributes: o.attributes,
      });
    }
    if (err) out.reject(`${at}: ${err}`);
    else {
      out.accepted++;
      out.noteOriginTime(o, p.timeUnixNano);
    }
  });
}

export function mapMetrics(req: DecodedMetrics, folder: SliceFolder, deltas: DeltaTracker, time = new TimeRule(defaultTimeWindow()), out = new MapResult()): MapResult {
  req.resourceMetrics.forEach((rm, r) => {
    const o = readOrigin(rm.resource);
    if (!o.ok) {
      const count = rm.scopeMetrics.reduce((n, sm) => n + sm.metrics.reduce((k, m) => k + m.points.length, 0), 0);
      if (count) out.reject(`resourceMetrics[${r}]: ${o.error}`, count);
      return;
    }
    out.noteOrigin(o.origin);
    rm.scopeMetrics.forEach((sm, s) =>
      sm.metrics.forEach((m, k) => mapMetric(o.origin, m, folder, deltas, time, out, `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${k}]`)),
    );
  });
  return out;
}

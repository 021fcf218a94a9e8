// The demo's calibration reference matches its own traffic except on language=ja prompt_tokens,
// judged by the drift check as ingest would bin it; and the emitter sends it on the canary.
import { describe, expect, it } from "vitest";
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, type Histogram } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { InMemoryLogRecordExporter } from "@opentelemetry/sdk-logs";
import { CALIBRATION_BOUNDS, calibrationValues, STALE_CALIBRATION } from "@/lib/demo/calibration";
import { generateBatch } from "@/lib/demo/model";
import { DEFAULT_POLICY, resolveChecks } from "@/lib/policy";
import { driftAdvisory, type DriftRow } from "@/lib/judgment/advisory";
import { signedBin } from "@/lib/stats/log-bins";
import { calibrationBins } from "@/ingest/map/calibration";
import { ATTR, METRIC } from "@/lib/semconv";
import { DemoEmitter } from "@/scripts/demo/emit";

const check = resolveChecks(DEFAULT_POLICY).find((c) => c.metric === "drift_psi")!;
const cellKey = (s?: readonly [string, string]) => (s ? `${s[0]}=${s[1]}` : "");

function calibrationRows(): Map<string, DriftRow> {
  const values = new Map<string, number[]>();
  for (const v of calibrationValues(7)) {
    const k = `${cellKey(v.slice)}|${v.feature}`;
    values.set(k, [...(values.get(k) ?? []), v.value]);
  }
  const out = new Map<string, DriftRow>();
  for (const [k, xs] of values) {
    const counts = new Array<number>(CALIBRATION_BOUNDS.length + 1).fill(0);
    for (const x of xs) {
      let i = 0;
      while (i < CALIBRATION_BOUNDS.length && x > CALIBRATION_BOUNDS[i]) i++;
      counts[i]++;
    }
    out.set(k, { dimension: "", value: "", arm: "calibration", feature: k.split("|")[1], n: xs.length, bins: calibrationBins([...CALIBRATION_BOUNDS], counts, null) });
  }
  return out;
}

const traffic = generateBatch({ seed: 7, count: 6000 });

function trafficRow(slice: readonly [string, string] | undefined, feature: string): DriftRow {
  const bins: Record<string, number> = {};
  let n = 0;
  for (const r of traffic) {
    if (slice && (r.slices as Record<string, string>)[slice[0]] !== slice[1]) continue;
    const b = String(signedBin((r.input as Record<string, number>)[feature]));
    bins[b] = (bins[b] ?? 0) + 1;
    n++;
  }
  return { dimension: "", value: "", arm: "canary", feature, n, bins };
}

describe("demo calibration reference", () => {
  const cal = calibrationRows();
  const judge = (slice: readonly [string, string] | undefined, feature: string) =>
    driftAdvisory(check, feature, { kind: "calibration", dataset: "demo", scope: slice ? "slice" : "deployment", ref: cal.get(`${cellKey(slice)}|${feature}`)!, cur: trafficRow(slice, feature) });

  it("shows drift on the stale slice only", () => {
    const stale = [STALE_CALIBRATION.dimension, STALE_CALIBRATION.value] as const;
    expect(judge(stale, "prompt_tokens").status).toBe("marginal");
    expect(judge(stale, "temperature").status).toBe("pass");
    for (const s of [undefined, ["language", "en"], ["language", "de"], ["context_bucket", "long"], ["task", "code"]] as const) {
      for (const f of ["prompt_tokens", "output_tokens_requested", "temperature"]) expect(judge(s, f).status, `${cellKey(s)} ${f}`).toBe("pass");
    }
  });

  it("is exported on the canary's resource, with the dataset, once per cell and feature", async () => {
    const make = (temporality: AggregationTemporality) => ({ spans: new InMemorySpanExporter(), logs: new InMemoryLogRecordExporter(), metrics: new InMemoryMetricExporter(temporality) });
    const ex = { baseline: make(AggregationTemporality.CUMULATIVE), canary: make(AggregationTemporality.CUMULATIVE) };
    const em = new DemoEmitter({ exporters: ex, processing: "simple", metricIntervalMs: 60_000, calibrationIntervalMs: 600_000 });
    await em.forceFlush();
    const find = (arm: "baseline" | "canary") =>
      ex[arm].metrics.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.filter((m) => m.descriptor.name === METRIC.calibrationInput).map((m) => ({ rm, m }))));
    expect(find("baseline")).toEqual([]);
    const got = find("canary");
    expect(got.length).toBeGreaterThan(0);
    const { rm, m } = got[0];
    expect(rm.resource.attributes[ATTR.calibrationDataset]).toBe("c4-en-512@sha256:9f2c41e7");
    expect(m.dataPointType).toBe(DataPointType.HISTOGRAM);
    // 1 whole deployment + 5 languages + 3 context buckets + 4 tasks, × 3 features.
    expect(m.dataPoints).toHaveLength(13 * 3);
    const p = m.dataPoints[0] as { value: Histogram };
    expect(p.value.buckets.boundaries).toEqual([...CALIBRATION_BOUNDS]);
    await em.shutdown();
  });
});

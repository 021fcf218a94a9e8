// Cardinality caps per deployment (issue 11, item 3): dimension and feature names, cumulative
// series (count and size), and the notice the deployment page shows.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CardinalityNoticeView } from "@/app/deployments/_components/notices";
import { CumulativeDeltas } from "@/ingest/cumulative";
import { decodeRequest } from "@/ingest/otlp/decode";
import { IngestPipeline } from "@/ingest/pipeline";
import { SliceCap } from "@/ingest/slice-cap";
import { readSlices } from "@/ingest/map/slices";
import { BatchWriter } from "@/ingest/writer";

describe("SliceCap: dimension names per deployment", () => {
  it("admits 32 names per deployment; later names are left out (null) and counted, per deployment", () => {
    const cap = new SliceCap();
    for (let i = 0; i < 32; i++) expect(cap.fold("a", `dim${i}`, "v")).toBe("v");
    expect(cap.fold("a", "dim32", "v")).toBeNull();
    expect(cap.fold("a", "dim33", "v")).toBeNull();
    expect(cap.fold("a", "dim5", "w")).toBe("w"); // admitted names keep taking values
    expect(cap.fold("b", "dim32", "v")).toBe("v"); // another deployment has its own 32
    expect(cap.counts("a")).toMatchObject({ dimensions: 32, droppedDimensions: 2, foldedValues: 0 });
    expect(cap.counts("b")).toMatchObject({ dimensions: 1, droppedDimensions: 0 });
    expect(cap.totals()).toMatchObject({ deployments: 2, deploymentsAtDimensionCap: 1, deploymentsFolding: 1, droppedDimensions: 2 });
  });

  it("values past 200 per dimension still fold into __other__, counted", () => {
    const cap = new SliceCap();
    for (let i = 0; i < 200; i++) cap.fold("a", "user", `u${i}`);
    expect(cap.fold("a", "user", "u200")).toBe("__other__");
    expect(cap.counts("a")).toMatchObject({ foldedValues: 1, dimensionsAtValueCap: 1 });
  });

  it("seeding from the database respects the name cap", () => {
    const cap = new SliceCap();
    for (let i = 0; i < 40; i++) cap.seed("a", `dim${i}`, ["x"]);
    expect(cap.counts("a")!.dimensions).toBe(32);
    expect(cap.fold("a", "dim39", "x")).toBeNull();
  });

  it("feature names (quantlens.input.*) are capped at 32 per deployment the same way", () => {
    const cap = new SliceCap();
    for (let i = 0; i < 32; i++) expect(cap.feature("a", `f${i}`)).toBe(true);
    expect(cap.feature("a", "f32")).toBe(false);
    expect(cap.counts("a")).toMatchObject({ features: 32, droppedFeatures: 1 });
  });

  it("readSlices drops the attributes past the caps and keeps the record; a rejected record uses up no names", () => {
    const cap = new SliceCap({ dimensionsPerDeployment: 2, featuresPerDeployment: 1 });
    const bad = readSlices("a", { "quantlens.slice.x": "1", "quantlens.slice.y": "2", "quantlens.input.n": "not a number" }, cap);
    expect(bad.ok).toBe(false);
    expect(cap.counts("a")?.dimensions ?? 0).toBe(0);
    const r = readSlices("a", { "quantlens.slice.x": "1", "quantlens.slice.y": "2", "quantlens.slice.z": "3", "quantlens.input.n": 5, "quantlens.input.m": 6 }, cap);
    expect(r.ok && r.value).toEqual({ slices: { x: "1", y: "2" }, features: { n: 5 }, folded: [], dropped: ["quantlens.slice.z", "quantlens.input.m"] });
  });
});

describe("the pipeline under 2,000 dimension names", () => {
  it("keeps 32 dimensions in the slices, stores every record, and says so in partial_success", () => {
    const now = Date.now();
    const p = new IngestPipeline(new BatchWriter(async () => undefined));
    const spans = Array.from({ length: 2000 }, (_, i) => ({
      traceId: "5b8efff798038103d269b633813fc60c", spanId: (i + 1).toString(16).padStart(16, "0"), name: "s",
      startTimeUnixNano: String(BigInt(now - 1000) * 1_000_000n), endTimeUnixNano: String(BigInt(now - 900) * 1_000_000n),
      attributes: [{ key: "quantlens.request.id", value: { stringValue: `r${i}` } }, { key: `quantlens.slice.d${i}`, value: { stringValue: "v" } }],
    }));
    const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: "many-dims" } }, { key: "quantlens.arm", value: { stringValue: "canary" } }] }, scopeSpans: [{ spans }] }] });
    const r = p.map(decodeRequest("traces", "json", new TextEncoder().encode(body)));
    expect(r.rejected).toBe(0);
    expect(r.rows.inference_events).toHaveLength(2000);
    const dims = new Set(r.rows.inference_events.flatMap((e) => Object.keys(e.slices)));
    expect(dims.size).toBe(32);
    expect(r.message()).toMatch(/past the caps of 32 slice dimensions and 32 input features per deployment were left out/);
    expect(p.deploymentCardinality("many-dims")).toMatchObject({ dimensions: 32, droppedDimensions: 1968 });
    expect(p.cardinalityStats().slices).toMatchObject({ droppedDimensions: 1968, deploymentsAtDimensionCap: 1 });
  });
});

describe("CumulativeDeltas: bounded state", () => {
  const attrsKey = (bytes: number, i: number) => `canary\u0000m\u0000${JSON.stringify([["big", "x".repeat(bytes)], ["i", i]])}`;

  it("keeps a series key of any size in bounded space (30 keys of 1.5 MB each used to pin ~45 MiB)", () => {
    const d = new CumulativeDeltas();
    for (let i = 0; i < 30; i++) d.delta("dep", attrsKey(1_500_000, i), 1n, 2n, [1]);
    const s = d.stats();
    expect(s.series).toBe(30);
    expect(s.keyChars).toBeLessThan(30 * 100);
    // Distinct huge keys stay distinct series.
    expect(d.delta("dep", attrsKey(1_500_000, 3), 1n, 3n, [5])).toEqual([4]);
  });

  it("caps series per deployment: a new series is refused while every series is active, and takes an idle one's place", () => {
    let now = 0;
    const d = new CumulativeDeltas({ maxSeriesPerDeployment: 3, maxSeries: 100, idleMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) expect(d.delta("a", `s${i}`, 1n, 2n, [10])).toEqual([10]);
    expect(d.delta("a", "s3", 1n, 2n, [10])).toBeNull();
    expect(d.delta("b", "s3", 1n, 2n, [10])).toEqual([10]); // other deployments are unaffected
    expect(d.counts("a")).toEqual({ series: 3, refused: 1 });
    now = 61_000;
    d.delta("a", "s1", 1n, 3n, [11]);
    d.delta("a", "s2", 1n, 3n, [12]);
    expect(d.delta("a", "s3", 1n, 3n, [10])).toEqual([10]); // s0 was idle: evicted
    expect(d.stats()).toMatchObject({ evicted: 1, refused: 1 });
    expect(d.counts("a").series).toBe(3);
  });

  it("caps series in total", () => {
    const d = new CumulativeDeltas({ maxSeriesPerDeployment: 100, maxSeries: 4, idleMs: 60_000, now: () => 0 });
    for (let i = 0; i < 4; i++) d.delta(`d${i}`, "s", 1n, 2n, [1]);
    expect(d.delta("d9", "s", 1n, 2n, [1])).toBeNull();
    expect(d.stats()).toMatchObject({ series: 4, refused: 1 });
  });

  it("rolls back a request that was not stored, so the retry sees the same delta; a late point counts zero", () => {
    const d = new CumulativeDeltas();
    expect(d.delta("a", "s", 1n, 10n, [5])).toEqual([5]);
    const journal: Parameters<CumulativeDeltas["delta"]>[5] & object = [];
    expect(d.delta("a", "s", 1n, 20n, [8], journal)).toEqual([3]);
    d.rollback(journal);
    expect(d.delta("a", "s", 1n, 20n, [8])).toEqual([3]); // the retry: the same delta, not 0
    expect(d.delta("a", "s", 1n, 30n, [9])).toEqual([1]);
    expect(d.delta("a", "s", 1n, 20n, [8])).toEqual([0]); // a retry after a newer export
  });

  it("a pipeline whose write fails rolls its cumulative points back (the retry is not lost as a zero delta)", async () => {
    let fail = true;
    const stored: number[] = [];
    const p = new IngestPipeline(new BatchWriter(async (t, rows) => {
      if (fail) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      if (t === "request_metric_points") for (const r of rows as unknown as { errors: number }[]) stored.push(r.errors);
    }, { maxBatchRows: 100, lingerMs: 1, maxQueuedRows: 1000 }));
    const t = BigInt(Date.now()) * 1_000_000n;
    const body = (v: number, at: bigint) => new TextEncoder().encode(JSON.stringify({ resourceMetrics: [{ resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: "cum" } }, { key: "quantlens.arm", value: { stringValue: "canary" } }] }, scopeMetrics: [{ metrics: [{ name: "quantlens.errors", sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ startTimeUnixNano: String(t - 60_000_000_000n), timeUnixNano: String(at), asInt: String(v) }] } }] }] }] }));
    fail = false;
    await p.ingest(decodeRequest("metrics", "json", body(4, t - 2_000_000_000n)));
    fail = true;
    await expect(p.ingest(decodeRequest("metrics", "json", body(10, t - 1_000_000_000n)))).rejects.toThrow(/failed/);
    fail = false;
    await p.ingest(decodeRequest("metrics", "json", body(10, t - 1_000_000_000n)));
    expect(stored).toEqual([4, 6]);
  });
});

describe("the deployment page's cardinality notice", () => {
  it("says what was folded, left out and refused, with counts and limits", () => {
    const html = renderToStaticMarkup(createElement(CardinalityNoticeView, { counts: { limits: { valuesPerDimension: 200, dimensionsPerDeployment: 32, featuresPerDeployment: 32 }, foldedValues: 9800, droppedDimensions: 1968, droppedFeatures: 3, cumulativeRefused: 7 } }));
    expect(html).toContain('data-testid="cardinality-notice"');
    expect(html).toContain("1,968 slice values were left out of the slices: their dimension came after the first 32 dimension names");
    expect(html).toContain("9,800 slice values were counted under __other__");
    expect(html).toContain("3 input features were left out of drift tracking");
    expect(html).toContain("7 cumulative metric points were refused");
  });

  it("renders nothing when no cap has acted", () => {
    expect(renderToStaticMarkup(createElement(CardinalityNoticeView, { counts: { limits: { valuesPerDimension: 200, dimensionsPerDeployment: 32, featuresPerDeployment: 32 }, foldedValues: 0, droppedDimensions: 0, droppedFeatures: 0, cumulativeRefused: 0 } }))).toBe("");
  });
});

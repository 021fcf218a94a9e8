// The chart models: one axis over the page's window, gaps for missing minutes, the partial minute
// left out, y ranges that never read past 100% for a rate, and failing charts first.
import { describe, expect, it } from "vitest";
import { bucketKey, chartAxis, chartCell, chartOrder, klChart, niceCeil, rateChart, scoreChart, withParam, yDomain } from "@/lib/view/series";
import type { RequestPoint, ShadowPoint } from "@/lib/telemetry/series";

const M = 60_000;
const T0 = Date.UTC(2026, 0, 1, 10, 0);

const req = (min: number, arm: string, requests: number, errors = 0): RequestPoint => ({ t: bucketKey(T0 + min * M), arm, requests, errors, fallbacks: 0, p50: 1, p95: 2, p99: 3 });
const shadow = (min: number, o: Partial<ShadowPoint>): ShadowPoint => ({ t: bucketKey(T0 + min * M), pairs: 10, exact_matches: 5, agreement_sum: 8, score_n: 0, score_delta_sum: 0, score_baseline_sum: 0, score_canary_sum: 0, kl_n: 0, kl_sum: 0, ...o });

describe("chartAxis", () => {
  it("spans the window minute by minute and leaves out the incomplete current minute", () => {
    const a = chartAxis({ from: T0 + 20_000, to: T0 + 60 * M + 30_000 });
    expect(a.step).toBe(1);
    expect(a.buckets[0]).toBe(T0);
    expect(a.buckets.at(-1)).toBe(T0 + 59 * M);
    expect(a.buckets).toHaveLength(60);
    expect(a.partialLeftOut).toBe(true);
    expect(chartAxis({ from: T0, to: T0 + 60 * M }).partialLeftOut).toBe(false);
  });

  it("uses bigger buckets for long windows, at most 360 points", () => {
    expect(chartAxis({ from: T0, to: T0 + 6 * 60 * M }).step).toBe(1);
    expect(chartAxis({ from: T0, to: T0 + 24 * 60 * M }).step).toBe(5);
    const week = chartAxis({ from: T0, to: T0 + 7 * 24 * 60 * M });
    expect(week.step).toBe(30);
    expect(week.buckets.length).toBeLessThanOrEqual(360);
    expect(week.multiDay).toBe(true);
  });
});

describe("charts on the axis", () => {
  const axis = chartAxis({ from: T0, to: T0 + 10 * M + 5_000 });

  it("has one row per minute of the window, with gaps (null) where no data came", () => {
    const c = rateChart([req(2, "baseline", 10, 1), req(2, "canary", 10, 2), req(7, "canary", 5, 0), req(10, "canary", 5, 5)], axis, "errors");
    expect(c.data.map((r) => r.minute)).toEqual(["10:00", "10:01", "10:02", "10:03", "10:04", "10:05", "10:06", "10:07", "10:08", "10:09"]);
    expect(c.data[2]).toEqual({ minute: "10:02", baseline: 0.1, canary: 0.2 });
    expect(c.data[3].canary).toBeUndefined();
    expect(c.data[7]).toEqual({ minute: "10:07", canary: 0 });
    // The incomplete minute 10:10 is not plotted.
    expect(c.data.some((r) => r.minute === "10:10")).toBe(false);
  });

  it("keeps the old shape for callers without an axis (sparklines)", () => {
    expect(rateChart([req(2, "canary", 10, 1)], false, "errors").data).toEqual([{ minute: "10:02", canary: 0.1 }]);
  });

  it("draws the task score of both arms and KL of a slice against the rest", () => {
    const s = scoreChart([shadow(1, { score_n: 4, score_baseline_sum: 3.2, score_canary_sum: 2.4 }), shadow(2, { score_n: 0 })], axis);
    expect(s.categories).toEqual(["baseline", "canary"]);
    expect(s.data[1]).toMatchObject({ baseline: 0.8, canary: 0.6 });
    expect(s.data[2]).toMatchObject({ baseline: null, canary: null });
    const k = klChart([shadow(1, { kl_n: 2, kl_sum: 1 })], axis, [shadow(1, { kl_n: 10, kl_sum: 1.8 }), shadow(3, { kl_n: 4, kl_sum: 0.4 })]);
    expect(k.categories).toEqual(["this slice", "rest of traffic"]);
    expect(k.data[1]["this slice"]).toBe(0.5);
    expect(k.data[1]["rest of traffic"]).toBeCloseTo(0.1, 10);
    expect(k.data[3]).toMatchObject({ "this slice": null, "rest of traffic": 0.1 });
    expect(klChart([shadow(1, { kl_n: 2, kl_sum: 1 })], axis).categories).toEqual(["all traffic"]);
  });
});

describe("yDomain", () => {
  it("reads 0–1% for an all-zero rate series, never above 100%", () => {
    const zero = [{ minute: "a", baseline: 0, canary: 0 }, { minute: "b", baseline: null, canary: 0 }];
    expect(yDomain(zero, ["baseline", "canary"], "pct")).toEqual({ minValue: 0, maxValue: 0.01, autoMinValue: false });
    expect(yDomain([{ minute: "a", canary: 0.98 }], ["canary"], "pct").maxValue).toBe(1);
    expect(yDomain([{ minute: "a", canary: 0.031 }], ["canary"], "pct").maxValue).toBe(0.05);
    expect(yDomain([], ["canary"], "pct").maxValue).toBe(0.01);
  });

  it("gives other units a round top, and a range for all-zero series", () => {
    expect(yDomain([{ minute: "a", x: 0.23 }], ["x"], "num")).toEqual({ minValue: 0, maxValue: 0.25, autoMinValue: false });
    expect(yDomain([{ minute: "a", x: 0 }], ["x"], "num").maxValue).toBe(1);
    expect(yDomain([{ minute: "a", x: 310 }], ["x"], "ms")).toEqual({ maxValue: 500, autoMinValue: true });
    expect(niceCeil(0.0123)).toBe(0.02);
    expect(niceCeil(40)).toBe(50);
    expect(niceCeil(100)).toBe(100);
  });
});

describe("chartOrder", () => {
  it("puts the failing check's chart first, then marginal ones, and names the metrics", () => {
    const o = chartOrder(
      [
        { metric: "exact_match", status: "marginal" },
        { metric: "task_score", status: "pass" },
        { metric: "fallback_rate", status: "fail" },
        { metric: "latency_p95", status: "pass" },
      ],
      [{ metric: "memory_peak", status: "pass" }],
    );
    expect(o.map((c) => c.id)).toEqual(["fallback", "agreement", "score", "kl", "latency", "errors", "memory"]);
    expect(o[0]).toEqual({ id: "fallback", status: "fail", failing: ["fallback_rate"] });
    expect(o[1].failing).toEqual(["exact_match"]);
    expect(o.find((c) => c.id === "kl")!.status).toBeNull();
    expect(o.find((c) => c.id === "memory")!.status).toBe("pass");
  });
});

describe("chartCell", () => {
  const worst = { dimension: "context_bucket×language", value: "long×de" };
  it("defaults to the verdict's worst cell, with all traffic and a chosen cell by ?cell=", () => {
    expect(chartCell(undefined, worst)).toEqual({ cell: worst, how: "worst" });
    expect(chartCell("all", worst)).toEqual({ cell: { dimension: "", value: "" }, how: "all" });
    expect(chartCell("language:de:x", worst)).toEqual({ cell: { dimension: "language", value: "de:x" }, how: "chosen" });
    expect(chartCell(undefined, null).how).toBe("all");
    expect(chartCell(":oops", worst).how).toBe("worst");
    expect(withParam("?range=6h&dim=language", "cell", "all")).toBe("?range=6h&dim=language&cell=all");
    expect(withParam("", "cell", "a×b:x")).toBe("?cell=a%C3%97b%3Ax");
  });
});

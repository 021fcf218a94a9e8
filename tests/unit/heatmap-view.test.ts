import { describe, expect, it } from "vitest";
import { CONTEXT_BUCKETS, generateBatch, LANGUAGES, type DemoRequest } from "@/lib/demo/model";
import { judgedChecks, listFailingCells, newEpoch, step, summaryOf, verdictOf, type PairRecord, type StepContext } from "@/lib/judgment";
import type { CellVerdict, CheckVerdict, Status, Verdict } from "@/lib/judgment/types";
import { DEFAULT_POLICY } from "@/lib/policy";
import { effectOf, worstCheck } from "@/lib/view/effect";
import { breakdownOf, defaultDimension, defaultPair, HEATMAP_AXIS_CAP, heatmapOf, pairDimensions, parentsOf, splitValue } from "@/lib/view/heatmap";

// The demo's traffic (lib/demo/model.ts, regression on de × long) judged by the real judgment,
// plus a handful of requests in a language nobody else speaks: the heatmap of that verdict.
function records(r: DemoRequest, slices: Record<string, string> = r.slices): PairRecord[] {
  const ts = 1_700_000_000_000 + r.index * 50;
  const out: PairRecord[] = [
    {
      kind: "arms",
      deployment: "d",
      requestId: r.id,
      ts,
      slices,
      canaryManifest: "m1",
      baseline: { fallback: r.baseline.fallback, error: r.baseline.error, latencyMs: r.baseline.latencyMs },
      canary: { fallback: r.canary.fallback, error: r.canary.error, latencyMs: r.canary.latencyMs },
    },
  ];
  if (r.shadow) {
    out.push({ kind: "shadow", deployment: "d", requestId: r.id, ts, slices, exact: r.shadow.exactMatch, agreement: r.shadow.tokenAgreement, kl: r.shadow.klDivergence, scoreBaseline: r.shadow.scoreBaseline, scoreCanary: r.shadow.scoreCanary });
  }
  return out;
}

function demoVerdict(): Verdict {
  const checks = judgedChecks(DEFAULT_POLICY);
  const ctx = (now: number): StepContext => ({ policy: DEFAULT_POLICY, policyVersion: 1, policyKey: "test", checks, now });
  let s = newEpoch("d", ctx(0), 1, "canary_start", "m1");
  const batch = generateBatch({ seed: 7, count: 6000, regression: "on" });
  // Three requests of language=xx: far too few to judge, and they must still be shown.
  const rare = generateBatch({ seed: 8, count: 3, startIndex: 6000 }).flatMap((r) => records(r, { ...r.slices, language: "xx", context_bucket: "short" }));
  const all = [...batch.flatMap((r) => records(r)), ...rare];
  let now = 0;
  for (let i = 0; i < all.length; i += 200) {
    now += 10_000;
    s = step(s, all.slice(i, i + 200), ctx(now));
    listFailingCells(s, ctx(now));
  }
  return verdictOf(s, ctx(now), summaryOf(s, ctx(now)));
}

describe("the demo's traffic mix", () => {
  it("puts the regressed pair cell de × long at ~4% of the traffic", () => {
    const de = LANGUAGES.find(([l]) => l === "de")![1];
    const long = CONTEXT_BUCKETS.find(([b]) => b === "long")![1];
    expect(de * long).toBeCloseTo(0.04, 3);
  });
});

describe("heatmap of a judged verdict", () => {
  const v = demoVerdict();
  const map = heatmapOf(v, "context_bucket×language")!;

  it("opens on the worst cell's pair, which is the regressed one", () => {
    expect(v.status).toBe("fail");
    expect(v.worstCell).toMatchObject({ dimension: "context_bucket×language", value: "long×de" });
    expect(pairDimensions(v)).toEqual(["context_bucket×language", "context_bucket×task", "language×task"]);
    expect(defaultPair(v)).toBe("context_bucket×language");
  });

  it("rows are A's values, columns B's, each cell the pair cell's status, effect and n", () => {
    expect(map.rows.dimension).toBe("context_bucket");
    expect(map.cols.dimension).toBe("language");
    expect([...map.rows.values].sort()).toEqual(["long", "medium", "short"]);
    expect([...map.cols.values].sort()).toEqual(["de", "en", "es", "fr", "ja", "xx"]);
    // Worst first: the failing row and column lead.
    expect(map.rows.values[0]).toBe("long");
    expect(map.cols.values[0]).toBe("de");
    const cell = map.grid[0][0]!;
    expect(cell).toMatchObject({ dimension: "context_bucket×language", value: "long×de", status: "fail", worst: true, few: false });
    const truth = v.cells.find((c) => c.value === "long×de")!;
    expect(cell.pairs).toBe(Math.max(truth.n.arms, truth.n.shadow));
    // ~4% of 6000 requests.
    expect(cell.pairs).toBeGreaterThan(150);
    expect(cell.pairs).toBeLessThan(350);
    // The worst cell shows the check the verdict names, in its own units.
    expect(cell.effect!.metric).toBe(v.worstCell!.metric);
    expect(cell.effect!.label.length).toBeGreaterThan(3);
    expect(cell.effect!.detail).toBe(truth.checks.find((c) => c.check === v.worstCell!.check)!.reason.text);
  });

  it("margins are the single-dimension cells and the corner the whole deployment", () => {
    const i = map.rows.values.indexOf("long");
    expect(map.rows.margin[i]).toMatchObject({ dimension: "context_bucket", value: "long" });
    const j = map.cols.values.indexOf("de");
    expect(map.cols.margin[j]).toMatchObject({ dimension: "language", value: "de" });
    expect(map.corner).toMatchObject({ dimension: "", value: "" });
    expect(map.corner!.pairs).toBe(Math.max(v.cells[0].n.arms, v.cells[0].n.shadow));
  });

  it("never drops a small cell: three requests are a greyed cell, not a gap", () => {
    const j = map.cols.values.indexOf("xx");
    const i = map.rows.values.indexOf("short");
    expect(map.grid[i][j]).toMatchObject({ value: "short×xx", status: "insufficient_data", few: true, pairs: 3 });
    expect(map.cols.margin[j]).toMatchObject({ value: "xx", few: true, pairs: 3 });
    // No request was long × xx: an empty cell (null), not an invented one.
    expect(map.grid[map.rows.values.indexOf("long")][j]).toBeNull();
    // Every pair cell of the verdict is on the grid.
    expect(map.grid.flat().filter(Boolean).length).toBe(v.cells.filter((c) => c.dimension === "context_bucket×language").length);
    expect(map.hiddenCells).toBe(0);
  });

  it("breaks a slice down by a second dimension, defaulting to the one with its worst pair cell", () => {
    const b = breakdownOf(v, "language", "de");
    expect(b.options).toEqual(["context_bucket", "task"]);
    expect(b.by).toBe("context_bucket");
    expect(b.pair).toBe("context_bucket×language");
    expect(b.cells.map((c) => c.byValue)[0]).toBe("long");
    expect(b.cells[0]).toMatchObject({ value: "long×de", status: "fail" });
    expect(b.cells.map((c) => c.byValue).sort()).toEqual(["long", "medium", "short"]);
    // by=task: the pair is language×task and de is its first value.
    const t = breakdownOf(v, "language", "de", "task");
    expect(t.pair).toBe("language×task");
    expect(t.cells.every((c) => c.value.startsWith("de×"))).toBe(true);
    expect(t.cells).toHaveLength(4);
    // A pair slice has no breakdown, only its two margins.
    expect(breakdownOf(v, "context_bucket×language", "long×de").by).toBeNull();
    expect(parentsOf(v, "context_bucket×language", "long×de").map((c) => `${c.dimension}=${c.value}`)).toEqual(["context_bucket=long", "language=de"]);
  });

  it("the comparison table defaults to a dimension of the worst cell", () => {
    expect(defaultDimension(v, ["context_bucket", "language", "task", "context_bucket×language"])).toBe("context_bucket");
    expect(defaultDimension(v, ["language", "task"])).toBe("language");
    expect(defaultDimension(null, ["language", "task"])).toBe("language");
  });
});

// Hand-made verdicts for the edges.
const check = (over: Partial<CheckVerdict>): CheckVerdict => ({
  check: 0,
  metric: "task_score",
  status: "pass",
  failsDeployment: true,
  n: 100,
  baseline: 0.8,
  canary: 0.8,
  degradation: { estimate: 0, lower: -0.01, upper: 0.01 },
  allowed: 0.02,
  evidence: { anchored: { log: -3, logThreshold: 5 }, change: { log: -3, logThreshold: 6 } },
  reason: { code: "within_allowance", text: "ok" },
  ...over,
});
const cell = (dimension: string, value: string, status: Status, n = 100, checks: CheckVerdict[] = [check({ status })]): CellVerdict => ({ dimension, value, order: 1, n: { shadow: n, arms: n }, status, checks });
const verdict = (cells: CellVerdict[], worst: Verdict["worstCell"] = null): Verdict => ({
  schema: "quantlens.verdict.v2",
  deployment: "d",
  evaluatedAt: "",
  epoch: { id: 1, startedAt: "", reason: "canary_start" },
  policy: { name: "", version: 1 },
  status: "pass",
  since: "",
  reason: { code: "within_allowance", text: "" },
  worstCell: worst,
  counts: { fail: 0, marginal: 0, inconclusive: 0, insufficient_data: 0, pass: 0 },
  notJudged: 0,
  guarantee: { alpha: 0.05, checks: 1, shares: { anchored: 0.5, change: 0.3, reference: 0.2 } },
  cells: [cell("", "", "pass"), ...cells],
});

describe("heatmap edges", () => {
  it("bounds each axis at the cap, worst first, and counts what it leaves out", () => {
    const cells: CellVerdict[] = [];
    for (let i = 0; i < 200; i++) {
      cells.push(cell("a", `v${i}`, i === 150 ? "fail" : "pass", 1000 - i));
      cells.push(cell("a×b", `v${i}×x`, i === 150 ? "fail" : "pass", 1000 - i));
    }
    cells.push(cell("b", "x", "pass"));
    const m = heatmapOf(verdict(cells), "a×b")!;
    expect(m.rows.values).toHaveLength(HEATMAP_AXIS_CAP);
    expect(m.rows.total).toBe(200);
    // The failing value is shown though it is the 151st busiest.
    expect(m.rows.values[0]).toBe("v150");
    expect(m.rows.values.slice(1, 3)).toEqual(["v0", "v1"]);
    expect(m.hiddenCells).toBe(200 - HEATMAP_AXIS_CAP);
    expect(m.rows.hiddenWorst).toBe("pass");
    const all = heatmapOf(verdict(cells), "a×b", { cap: Infinity })!;
    expect(all.rows.values).toHaveLength(200);
    expect(all.hiddenCells).toBe(0);
  });

  it("splits values that contain '×' by the single dimensions' known values", () => {
    expect(splitValue("long×de")).toEqual(["long", "de"]);
    expect(splitValue("a×b×c", { a: new Set(["a×b"]), b: new Set(["c"]) })).toEqual(["a×b", "c"]);
    expect(splitValue("a×b×c", { a: new Set(["a"]), b: new Set(["b×c"]) })).toEqual(["a", "b×c"]);
    const v = verdict([cell("a", "p×q", "pass"), cell("b", "r", "fail"), cell("a×b", "p×q×r", "fail")]);
    const m = heatmapOf(v, "a×b")!;
    expect(m.rows.values).toEqual(["p×q"]);
    expect(m.cols.values).toEqual(["r"]);
    expect(m.grid[0][0]!.status).toBe("fail");
  });

  it("a pair cell without single-dimension cells still gets a row and a column", () => {
    const m = heatmapOf(verdict([cell("a×b", "p×q", "marginal")]), "a×b")!;
    expect(m.rows.values).toEqual(["p"]);
    expect(m.rows.margin).toEqual([null]);
    expect(m.grid[0][0]!.status).toBe("marginal");
    expect(heatmapOf(verdict([]), "a×b")).toBeNull();
    expect(heatmapOf(verdict([]), "a")).toBeNull();
  });

  it("defaults to the pair holding a single worst cell, else the first pair", () => {
    const cells = [cell("a", "p", "fail"), cell("c", "p", "pass"), cell("a×b", "p×q", "pass"), cell("b×c", "q×p", "pass")];
    expect(defaultPair(verdict(cells, { dimension: "c", value: "p", status: "pass", metric: null, check: null }))).toBe("b×c");
    expect(defaultPair(verdict(cells))).toBe("a×b");
    expect(defaultPair(verdict(cells, { dimension: "b×c", value: "q×p", status: "fail", metric: "task_score", check: 0 }))).toBe("b×c");
    expect(defaultPair(verdict([]))).toBeNull();
  });

  it("the worst check: status, then evidence; advisory metrics only when nothing else judges", () => {
    const building = check({ check: 1, metric: "exact_match", status: "marginal", evidence: { anchored: { log: 4, logThreshold: 5 }, change: { log: 0, logThreshold: 6 } } });
    const stronger = check({ check: 2, metric: "kl_divergence", status: "marginal", evidence: { anchored: { log: 4.8, logThreshold: 5 }, change: { log: 0, logThreshold: 6 } } });
    const drift = check({ check: 3, metric: "drift_psi", status: "fail", failsDeployment: false });
    expect(worstCheck([check({}), building, stronger, drift])!.check).toBe(2);
    expect(worstCheck([drift])!.check).toBe(3);
    expect(worstCheck([check({}), building], 0)!.check).toBe(0);
    expect(worstCheck([])).toBeNull();
  });

  it("effects read in the metric's units, signed as the metric reads", () => {
    expect(effectOf(check({ metric: "task_score", degradation: { estimate: 0.15, lower: 0.1, upper: 0.2 } })).label).toBe("task score −15.0 pts");
    expect(effectOf(check({ metric: "fallback_rate", baseline: 0.01, canary: 0.25 })).label).toBe("fallback +24.0 pts");
    expect(effectOf(check({ metric: "exact_match", degradation: { estimate: 0.7, lower: 0.6, upper: 0.8 }, reference: { level: 0.2, upper: 0.22, spread: 0 } })).label).toBe("exact match −50.0 pts vs rest");
    expect(effectOf(check({ metric: "kl_divergence", degradation: { estimate: 0.26, lower: 0.2, upper: 0.3 }, reference: { level: 0.02, upper: 0.03, spread: 0 } })).label).toBe("KL +0.240 vs rest");
    expect(effectOf(check({ metric: "latency_p95", baseline: 1000, canary: 1120 })).label).toBe("p95 +12%");
  });
});

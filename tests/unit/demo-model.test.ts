import { describe, expect, it } from "vitest";
import {
  armProfiles,
  BUCKET_TOKENS,
  CONTEXT_BUCKETS,
  generateBatch,
  generateRequest,
  LANGUAGES,
  TASKS,
  type DemoRequest,
  type ModelOptions,
} from "@/lib/demo/model";
import { KV_CACHE_CAPACITY_BYTES, LoadWindow, memorySnapshot } from "@/lib/demo/memory";
import { mulberry32, streamFor } from "@/lib/demo/prng";

const N = 20_000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const isDeLong = (r: DemoRequest) => r.slices.language === "de" && r.slices.context_bucket === "long";
const exactRate = (rs: DemoRequest[]) => mean(rs.filter((r) => r.shadow).map((r) => (r.shadow!.exactMatch ? 1 : 0)));
const fallbackRate = (rs: DemoRequest[]) => mean(rs.map((r) => (r.canary.fallback ? 1 : 0)));

const batches = new Map<string, DemoRequest[]>();
function batch(opts: Omit<ModelOptions, "seed"> & { seed?: number }): DemoRequest[] {
  const key = JSON.stringify(opts);
  if (!batches.has(key)) batches.set(key, generateBatch({ seed: 42, count: N, ...opts }));
  return batches.get(key)!;
}

describe("demo prng", () => {
  it("mulberry32 is deterministic and uniform-ish", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });

  it("per-index streams differ between neighbouring indices and seeds", () => {
    expect(streamFor(1, 0)()).not.toBe(streamFor(1, 1)());
    expect(streamFor(1, 0)()).not.toBe(streamFor(2, 0)());
  });
});

describe("demo model: determinism", () => {
  it("same seed gives the identical sequence; a different seed does not", () => {
    const a = generateBatch({ seed: 42, count: 300 });
    const b = generateBatch({ seed: 42, count: 300 });
    const c = generateBatch({ seed: 43, count: 300 });
    expect(a).toEqual(b);
    expect(c.map((r) => r.baseline.latencyMs)).not.toEqual(a.map((r) => r.baseline.latencyMs));
    expect(c.map((r) => r.slices)).not.toEqual(a.map((r) => r.slices));
  });

  it("a request depends only on its index (random access equals sequential)", () => {
    const a = generateBatch({ seed: 9, count: 200 });
    expect(generateRequest({ seed: 9 }, 137, (137 * 1000) / 20)).toEqual(a[137]);
    expect(generateBatch({ seed: 9, count: 10, startIndex: 190 })).toEqual(a.slice(190));
  });

  it("the regression only changes the de x long requests", () => {
    const on = batch({ regression: "on" });
    const off = batch({ regression: "off" });
    let changed = 0;
    for (let i = 0; i < N; i++) {
      if (isDeLong(on[i])) {
        if (JSON.stringify(on[i]) !== JSON.stringify(off[i])) changed++;
      } else {
        expect(on[i]).toEqual(off[i]);
      }
    }
    expect(changed).toBeGreaterThan(100);
  });
});

describe("demo model: distributions (20k requests)", () => {
  const rs = batch({ regression: "off" });

  it("slice mix matches the specified weights", () => {
    const share = (f: (r: DemoRequest) => boolean) => rs.filter(f).length / N;
    for (const [lang, w] of LANGUAGES) expect(Math.abs(share((r) => r.slices.language === lang) - w)).toBeLessThan(0.015);
    for (const [b, w] of CONTEXT_BUCKETS) expect(Math.abs(share((r) => r.slices.context_bucket === b) - w)).toBeLessThan(0.015);
    for (const [t, w] of TASKS) expect(Math.abs(share((r) => r.slices.task === t) - w)).toBeLessThan(0.015);
  });

  it("prompt tokens agree with the context bucket; output tokens within the request", () => {
    for (const r of rs) {
      const [lo, hi] = BUCKET_TOKENS[r.slices.context_bucket];
      expect(r.input.prompt_tokens).toBeGreaterThanOrEqual(lo);
      expect(r.input.prompt_tokens).toBeLessThanOrEqual(hi);
      expect(r.baseline.inputTokens).toBe(r.input.prompt_tokens);
      expect(r.canary.outputTokens).toBeLessThanOrEqual(r.input.output_tokens_requested);
    }
    expect(BUCKET_TOKENS.short[1]).toBeLessThan(1000);
    expect(BUCKET_TOKENS.long[0]).toBeGreaterThan(8000);
  });

  it("canary is 25-35% faster on average; ttft is a fraction of latency; latency grows with prompt size", () => {
    const b = mean(rs.map((r) => r.baseline.latencyMs));
    const c = mean(rs.map((r) => r.canary.latencyMs));
    expect(1 - c / b).toBeGreaterThan(0.25);
    expect(1 - c / b).toBeLessThan(0.35);
    for (const r of rs) {
      expect(r.baseline.ttftMs).toBeLessThan(r.baseline.latencyMs);
      expect(r.canary.ttftMs).toBeLessThan(r.canary.latencyMs);
      expect(r.baseline.latencyMs).toBeGreaterThan(0);
    }
    const byBucket = (k: string) => mean(rs.filter((r) => r.slices.context_bucket === k).map((r) => r.baseline.ttftMs));
    expect(byBucket("long")).toBeGreaterThan(byBucket("medium"));
    expect(byBucket("medium")).toBeGreaterThan(byBucket("short"));
  });

  it("errors ~0.3% on both arms; fallback ~1% on the canary only", () => {
    for (const arm of ["baseline", "canary"] as const) {
      const e = mean(rs.map((r) => (r[arm].error ? 1 : 0)));
      expect(e).toBeGreaterThan(0.0012);
      expect(e).toBeLessThan(0.006);
    }
    expect(rs.some((r) => r.baseline.fallback)).toBe(false);
    const fb = fallbackRate(rs);
    expect(fb).toBeGreaterThan(0.006);
    expect(fb).toBeLessThan(0.015);
    const reasons = new Set(rs.filter((r) => r.canary.fallback).map((r) => r.canary.fallbackReason));
    expect([...reasons].sort()).toEqual(["overflow", "unsupported_op"]);
    // No shadow comparison when an arm failed: there is no output pair to compare.
    for (const r of rs) expect(r.shadow === undefined).toBe(r.baseline.error || r.canary.error);
  });

  it("agreement: exact match 80-85%, token agreement mostly >= 0.9, small KL, paired scores", () => {
    const sh = rs.flatMap((r) => (r.shadow ? [r.shadow] : []));
    const em = exactRate(rs);
    expect(em).toBeGreaterThan(0.8);
    expect(em).toBeLessThan(0.85);
    expect(mean(sh.map((s) => (s.tokenAgreement >= 0.9 ? 1 : 0)))).toBeGreaterThan(0.9);
    for (const s of sh) {
      expect(s.tokenAgreement).toBeGreaterThanOrEqual(0);
      expect(s.tokenAgreement).toBeLessThanOrEqual(1);
      expect(s.klDivergence).toBeGreaterThanOrEqual(0);
      if (s.exactMatch) expect(s.outputCanary).toBe(s.outputBaseline);
      else expect(s.outputCanary).not.toBe(s.outputBaseline);
    }
    const kl = mean(sh.map((s) => s.klDivergence));
    expect(kl).toBeGreaterThan(0.005);
    expect(kl).toBeLessThan(0.05);
    const sb = mean(sh.map((s) => s.scoreBaseline));
    expect(Math.abs(sb - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(mean(sh.map((s) => s.scoreCanary)) - sb)).toBeLessThan(0.01);
  });

  it("texts are short and in the request's language", () => {
    const de = rs.find((r) => r.slices.language === "de" && r.shadow)!;
    expect(de.shadow!.input).toMatch(/Vertrag|Lieferanten|Rechnung|Klausel/);
    for (const r of rs.slice(0, 500)) if (r.shadow) expect(r.shadow.input.length).toBeLessThan(200);
  });
});

describe("demo model: injected regression", () => {
  it("on: de x long collapses (exact match, agreement, score) and the canary falls back", () => {
    const rs = batch({ regression: "on" });
    const dl = rs.filter(isDeLong);
    const other = rs.filter((r) => !isDeLong(r));
    expect(dl.length).toBeGreaterThan(300);
    expect(dl.every((r) => r.regressed)).toBe(true);
    expect(other.some((r) => r.regressed)).toBe(false);
    expect(exactRate(dl)).toBeLessThan(0.4);
    expect(exactRate(other)).toBeGreaterThan(0.78);
    const sh = dl.flatMap((r) => (r.shadow ? [r.shadow] : []));
    expect(mean(sh.map((s) => s.tokenAgreement))).toBeLessThan(0.7);
    expect(mean(sh.map((s) => s.klDivergence))).toBeGreaterThan(0.1);
    expect(mean(sh.map((s) => s.scoreBaseline - s.scoreCanary))).toBeGreaterThan(0.1);
    expect(fallbackRate(dl)).toBeGreaterThan(0.18);
    expect(fallbackRate(other)).toBeLessThan(0.015);
    expect(dl.filter((r) => r.canary.fallback).every((r) => r.canary.fallbackReason === "kv_cache_pressure")).toBe(true);
  });

  it("off and aa: de x long looks like every other slice", () => {
    for (const rs of [batch({ regression: "off" }), batch({ aa: true })]) {
      const dl = rs.filter(isDeLong);
      expect(dl.some((r) => r.regressed)).toBe(false);
      expect(exactRate(dl)).toBeGreaterThan(0.72);
      expect(fallbackRate(dl)).toBeLessThan(0.05);
    }
  });

  it("switches on at a request index or at a time", () => {
    const byIndex = generateBatch({ seed: 42, count: N, regression: { atIndex: N / 2 } });
    expect(byIndex.slice(0, N / 2).some((r) => r.regressed)).toBe(false);
    expect(exactRate(byIndex.slice(N / 2).filter(isDeLong))).toBeLessThan(0.4);
    expect(exactRate(byIndex.slice(0, N / 2).filter(isDeLong))).toBeGreaterThan(0.7);
    // rate 100/s: request i is at i*10 ms, so 60 s = index 6000.
    const byTime = generateBatch({ seed: 42, count: 12_000, rate: 100, regression: { atMs: 60_000 } });
    const firstRegressed = byTime.findIndex((r) => r.regressed);
    expect(firstRegressed).toBeGreaterThanOrEqual(6000);
    expect(firstRegressed).toBeLessThan(6200);
  });
});

describe("demo model: A/A mode", () => {
  const rs = batch({ aa: true });

  it("arms share latency distributions, memory and (no) fallback", () => {
    for (const k of ["latencyMs", "ttftMs", "energyJ"] as const) {
      const b = mean(rs.map((r) => r.baseline[k]));
      const c = mean(rs.map((r) => r.canary[k]));
      expect(Math.abs(c / b - 1)).toBeLessThan(0.03);
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const bq = sorted(rs.map((r) => r.baseline.latencyMs));
    const cq = sorted(rs.map((r) => r.canary.latencyMs));
    for (const q of [0.1, 0.5, 0.9]) expect(Math.abs(cq[Math.floor(q * N)] / bq[Math.floor(q * N)] - 1)).toBeLessThan(0.05);
    expect(rs.some((r) => r.canary.fallback || r.baseline.fallback)).toBe(false);
    const p = armProfiles(true);
    expect(memorySnapshot(p.canary, 1e5)).toEqual(memorySnapshot(p.baseline, 1e5));
    expect(p.canary.quantFormat).toBe("bf16");
  });

  it("agreement is near-perfect and symmetric", () => {
    const sh = rs.flatMap((r) => (r.shadow ? [r.shadow] : []));
    expect(exactRate(rs)).toBeGreaterThan(0.95);
    expect(mean(sh.map((s) => s.tokenAgreement))).toBeGreaterThan(0.99);
    expect(Math.abs(mean(sh.map((s) => s.scoreCanary - s.scoreBaseline)))).toBeLessThan(0.002);
  });
});

describe("demo model: memory", () => {
  it("weights per arm, kv cache grows with load up to capacity, total is the sum", () => {
    const p = armProfiles(false);
    const idle = memorySnapshot(p.baseline, 0);
    const busy = memorySnapshot(p.baseline, 400_000);
    const canary = memorySnapshot(p.canary, 400_000);
    expect(idle.weights).toBeGreaterThan(15e9);
    expect(idle.weights).toBeLessThan(17e9);
    expect(canary.weights).toBeGreaterThan(4e9);
    expect(canary.weights).toBeLessThan(5e9);
    expect(idle.kv_cache).toBe(0);
    expect(busy.kv_cache).toBeGreaterThan(1e9);
    expect(memorySnapshot(p.baseline, 1e9).kv_cache).toBeLessThanOrEqual(KV_CACHE_CAPACITY_BYTES);
    expect(busy.activations).toBeGreaterThan(0.9e9);
    for (const s of [idle, busy, canary]) expect(s.total).toBe(s.weights + s.kv_cache + s.activations);
  });

  it("LoadWindow applies Little's law over its window", () => {
    const w = new LoadWindow(10_000);
    for (let t = 0; t < 10_000; t += 100) w.record(t, 2_000, 1_000); // 10 req/s x 2 s x 1000 tokens
    expect(w.inflightTokens(9_999)).toBeCloseTo(20_000, 5);
    expect(w.inflightTokens(30_000)).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { createRng, normalSampler, quantile } from "@/lib/stats";
import { DEFAULT_POLICY, resolveChecks } from "@/lib/policy";
import { coarseCounts, coarseCuts, driftAdvisory, memoryAdvisory, type DriftRow, type MemoryRow } from "@/lib/judgment/advisory";
import { quantileInterval } from "@/lib/stats/quantile-interval";
import { signedBin } from "@/lib/stats/log-bins";

const checks = resolveChecks(DEFAULT_POLICY);
const checkFor = (metric: string) => checks.find((c) => c.metric === metric)!;

function driftRow(arm: string, values: number[]): DriftRow {
  const bins: Record<string, number> = {};
  for (const v of values) {
    const b = signedBin(v);
    bins[String(b)] = (bins[String(b)] ?? 0) + 1;
  }
  return { dimension: "", value: "", arm, feature: "prompt_tokens", n: values.length, bins };
}

describe("drift", () => {
  const norm = normalSampler(createRng(7));
  const ref = Array.from({ length: 5000 }, () => Math.exp(norm(5, 0.5)));
  const same = Array.from({ length: 5000 }, () => Math.exp(norm(5, 0.5)));
  const shifted = Array.from({ length: 5000 }, () => Math.exp(norm(5.6, 0.5)));

  it("fixes ~10 bins of equal reference mass", () => {
    const entries = Object.entries(driftRow("calibration", ref).bins).map(([k, v]) => [Number(k), v] as [number, number]);
    const cuts = coarseCuts(entries);
    expect(cuts.length).toBe(9);
    const counts = coarseCounts(entries, cuts);
    for (const c of counts) expect(c / 5000).toBeGreaterThan(0.05);
  });

  it("passes the same distribution and flags a shifted one, never failing the deployment", () => {
    const check = checkFor("drift_psi");
    const vs = (r: DriftRow | undefined, cur: DriftRow) => ({ kind: "calibration" as const, dataset: "c4", scope: "slice" as const, ref: r!, cur });
    const same_ = driftAdvisory(check, "prompt_tokens", vs(driftRow("calibration", ref), driftRow("canary", same)));
    expect(same_.status).toBe("pass");
    expect(same_.degradation!.estimate).toBeLessThan(0.1);
    const d = driftAdvisory(check, "prompt_tokens", vs(driftRow("calibration", ref), driftRow("canary", shifted)));
    expect(d.status).toBe("marginal");
    expect(d.degradation!.estimate).toBeGreaterThan(0.1);
    expect(d.failsDeployment).toBe(false);
    expect(driftAdvisory(check, "prompt_tokens", vs(undefined, driftRow("canary", same))).status).toBe("insufficient_data");
  });
});

describe("memory", () => {
  const rows = (arm: string, gib: number): MemoryRow[] =>
    Array.from({ length: 10 }, (_, m) => ({ arm, metric: "quantlens.memory.used", kind: "total", minute: `2025-01-01 00:${String(m).padStart(2, "0")}:00`, n: 6, total: 6 * gib * 2 ** 30 * (1 + 0.001 * m), peak: gib * 2 ** 30 * 1.02 }));
  it("compares peaks as observed and steady levels over minutes", () => {
    const peak = memoryAdvisory(checkFor("memory_peak"), [...rows("baseline", 16), ...rows("canary", 18)]);
    expect(peak.degradation!.estimate).toBeGreaterThan(peak.allowed!);
    expect(peak.status).toBe("marginal");
    expect(peak.n).toBe(60);
    const steady = memoryAdvisory({ ...checkFor("memory_peak"), metric: "memory_steady" }, [...rows("baseline", 16), ...rows("canary", 9)]);
    expect(steady.degradation!.estimate).toBeLessThan(0);
    expect(steady.status).toBe("pass");
    expect(memoryAdvisory(checkFor("memory_peak"), rows("baseline", 16)).status).toBe("insufficient_data");
  });
});

describe("quantile interval", () => {
  it("covers the true p95 about 95% of the time", () => {
    const rng = createRng(3);
    const truth = -Math.log(0.05); // Exp(1) p95
    let covered = 0;
    for (let t = 0; t < 400; t++) {
      const xs = Float64Array.from({ length: 400 }, () => -Math.log(1 - rng.next())).sort();
      const ci = quantileInterval(xs, 0.95, 0.95);
      if (ci.lower <= truth && truth <= ci.upper) covered++;
      expect(ci.estimate).toBeCloseTo(quantile(xs, 0.95), 10);
    }
    expect(covered / 400).toBeGreaterThan(0.92);
  });
});

import { describe, expect, it } from "vitest";
import { GRID, newRecent, optimalBet, addRecent, type Recent } from "@/lib/judgment/betting";
import { judgedChecks } from "@/lib/judgment/checks";
import type { ArmsPair } from "@/lib/judgment/records";
import type { KeyState } from "@/lib/judgment/state";
import { newEpoch, step, type StepContext } from "@/lib/judgment/step";
import { DEFAULT_POLICY } from "@/lib/policy";
import { createRng } from "@/lib/stats/prng";

// Guards the order in which the judgment step uses the adaptive bettor: each key's bet is fixed
// from its histogram as it stood BEFORE the batch (optimalBet), the batch is then judged with
// that bet, and only then is the batch added to the histogram (addRecent, over the check's
// support [lo, hi]). A step that adds the batch first bets on data it is being judged on (not
// predictable: the factor's conditional mean exceeds 1 under H0 and Ville's bound is void);
// a step that passes the wrong support (e.g. [0, 1] for a check on [−1, 1]) bins wrongly.
// Checks with a fixed θ: latency_rank (θ = ½, support [0, 1]) and error_rate (absolute
// allowance 0.005, support [−1, 1]; x = canary error − baseline error ∈ {−1, 0, 1}), on the
// whole deployment's cell only (no slices). The test recomputes each batch independently:
//   λ = optimalBet(copy of the histogram before the step, θ, lo),
//   Δ log K_adaptive = Σ count·log1p(λ(x − θ)), histogram after = addRecent(copy, batch, lo, hi).
describe("the judgment step bets the adaptive bettor predictably", () => {
  const checks = judgedChecks(DEFAULT_POLICY).filter((c) => c.check.metric === "latency_rank" || c.check.metric === "error_rate");
  const rank = checks.find((c) => c.check.metric === "latency_rank")!;
  const error = checks.find((c) => c.check.metric === "error_rate")!;
  const cases = [
    { jc: rank, theta: 0.5, lo: 0, hi: 1 },
    { jc: error, theta: 0.005, lo: -1, hi: 1 },
  ];

  it("uses the histogram before the batch, then adds the batch over the check's support", () => {
    expect(checks).toHaveLength(2);
    expect(rank.support).toEqual({ lo: 0, hi: 1 });
    expect(error.support).toEqual({ lo: -1, hi: 1 });
    expect(error.check.allowed_degradation).toEqual({ kind: "absolute", value: 0.005 });
    const rng = createRng(2718);
    const ctx = (now: number): StepContext => ({ policy: DEFAULT_POLICY, policyVersion: 1, policyKey: "test", checks, now });
    let s = newEpoch("d", ctx(0), 1, "canary_start", "m1");
    const keyOf = (idx: number): KeyState | undefined => s.cells["\u0000"]?.keys[idx];
    let betting = 0;
    let batches = 0;
    for (let b = 0; b < 120; b++) {
      const now = 1000 * (b + 1);
      const size = 1 + Math.floor(rng.next() * 20);
      const records: ArmsPair[] = [];
      const values = cases.map(() => new Map<number, number>());
      for (let i = 0; i < size; i++) {
        // Canary slower than 1.05 × baseline in ~70% of pairs (x = 1 for the rank check);
        // canary errors 20%, baseline errors 5%.
        const slower = rng.next() < 0.7;
        const ce = rng.next() < 0.2;
        const be = rng.next() < 0.05;
        records.push({
          kind: "arms",
          deployment: "d",
          requestId: `r${b}-${i}`,
          ts: now,
          slices: {},
          canaryManifest: "m1",
          baseline: { fallback: false, error: be, latencyMs: 100 },
          canary: { fallback: false, error: ce, latencyMs: slower ? 200 : 50 },
        });
        const xs = [slower ? 1 : 0, (ce ? 1 : 0) - (be ? 1 : 0)];
        xs.forEach((x, j) => values[j].set(x, (values[j].get(x) ?? 0) + 1));
      }
      const before = cases.map(({ jc }) => {
        const k = keyOf(jc.check.index);
        return { recent: structuredClone(k?.recent ?? newRecent()) as Recent, logK: k?.detectors.logK[GRID] ?? 0 };
      });
      s = step(s, records, ctx(now));
      cases.forEach(({ jc, theta, lo, hi }, j) => {
        const k = keyOf(jc.check.index)!;
        expect(k, `key of ${jc.check.metric}`).toBeDefined();
        const want = before[j].recent;
        const lambda = optimalBet(want, theta, lo);
        let delta = 0;
        for (const [x, c] of values[j]) delta += c * Math.log1p(lambda * (x - theta));
        expect(Math.abs(k.detectors.logK[GRID] - (before[j].logK + delta)), `${jc.check.metric}, batch ${b}: adaptive log-wealth`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(before[j].logK + delta)));
        addRecent(want, values[j], lo, hi);
        expect(k.recent.lambda, `${jc.check.metric}, batch ${b}: the bet`).toBe(lambda);
        expect(k.recent.c, `${jc.check.metric}, batch ${b}: counts`).toEqual(want.c);
        expect(k.recent.s, `${jc.check.metric}, batch ${b}: sums`).toEqual(want.s);
        if (lambda > 0) betting++;
        batches++;
      });
    }
    // Not vacuous: the adaptive bettor bets in most batches of both checks (observed 237 of 240).
    expect(betting).toBeGreaterThan(0.8 * batches);
    // x = −1 (a baseline-only error) lands in bin 0 of the error check's histogram only with lo = −1.
    expect(keyOf(error.check.index)!.recent.s[0]).toBeLessThan(0);
  });
});

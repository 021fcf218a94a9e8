// The drift check's reference: calibration set (per slice, else whole deployment), else the
// canary's first hour; PSI and its no-drift level with the reference's own n.
import { describe, expect, it } from "vitest";
import { createRng, normalSampler, psiFromCounts } from "@/lib/stats";
import { DEFAULT_POLICY, resolveChecks } from "@/lib/policy";
import { advisoryChecks, chooseReference, coarseCounts, coarseCuts, driftAdvisory, FIRST_HOUR_MS, type DriftRow } from "@/lib/judgment/advisory";
import { signedBin } from "@/lib/stats/log-bins";
import { calibrationBins } from "@/ingest/map/calibration";

const check = resolveChecks(DEFAULT_POLICY).find((c) => c.metric === "drift_psi")!;
const T0 = Date.parse("2026-12-01T10:00:00Z");

function row(arm: string, values: number[], cell: [string, string] = ["language", "ja"], dataset?: string): DriftRow {
  const bins: Record<string, number> = {};
  for (const v of values) bins[String(signedBin(v))] = (bins[String(signedBin(v))] ?? 0) + 1;
  return { dimension: cell[0], value: cell[1], arm, feature: "prompt_tokens", n: values.length, bins, ...(dataset ? { dataset } : {}) };
}

/** An explicit-bounds histogram of `values`, as a sender reports it, mapped the way ingest maps it. */
function reported(values: number[], bounds: number[], cell: [string, string] = ["language", "ja"]): DriftRow {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < bounds.length && v > bounds[i]) i++;
    counts[i]++;
  }
  return { dimension: cell[0], value: cell[1], arm: "calibration", feature: "prompt_tokens", n: values.length, bins: calibrationBins(bounds, counts, null), dataset: "c4-en-512" };
}

const norm = normalSampler(createRng(11));
const draw = (n: number, mu: number) => Array.from({ length: n }, () => Math.exp(norm(mu, 0.6)));
// Coarse buckets, as senders often use: one per octave.
const octaves = Array.from({ length: 17 }, (_, k) => 2 ** k - 1);

describe("reference choice", () => {
  const clock = { epochStart: T0, now: T0 + 2 * FIRST_HOUR_MS };
  const canary = row("canary", draw(500, 5));
  const first = row("first_hour", draw(200, 5));
  const own = row("calibration", draw(300, 5), ["language", "ja"], "c4-en-512");
  const whole = row("calibration", draw(900, 5), ["", ""], "c4-en-512");

  it("takes the slice's calibration distribution first", () => {
    const c = chooseReference([canary, first, own], [whole], "prompt_tokens", clock);
    expect(c.kind).toBe("calibration");
    expect(c.kind === "calibration" && c.scope).toBe("slice");
    expect(c.ref).toBe(own);
    expect(c.cur).toBe(canary);
  });

  it("applies the whole deployment's calibration distribution to a slice without its own", () => {
    const c = chooseReference([canary, first], [whole], "prompt_tokens", clock);
    expect(c.kind === "calibration" && c.scope).toBe("deployment");
    expect(c.ref).toBe(whole);
  });

  it("falls back to the canary's first hour, judging the rest of the epoch against it", () => {
    const c = chooseReference([canary, first], [], "prompt_tokens", clock);
    expect(c.kind).toBe("canary_first_hour");
    expect(c.ref).toBe(first);
    expect(c.cur!.n).toBe(300);
    const v = driftAdvisory(check, "prompt_tokens", c);
    expect(v.driftReference).toEqual({ kind: "canary_first_hour", from: "2026-12-01T10:00:00.000Z", to: "2026-12-01T11:00:00.000Z", complete: true, n: 200 });
    expect(v.reason.text).toContain("vs the canary's first hour 10:00–11:00 UTC, n=200");
  });

  it("says 'reference window filling' while the first hour is not complete", () => {
    const c = chooseReference([canary, first], [], "prompt_tokens", { epochStart: T0, now: T0 + FIRST_HOUR_MS - 1 });
    const v = driftAdvisory(check, "prompt_tokens", c);
    expect(v.status).toBe("insufficient_data");
    expect(v.reason.text).toContain("reference window filling");
    expect(v.reason.text).toContain("until 11:00 UTC");
    expect(v.driftReference).toMatchObject({ kind: "canary_first_hour", complete: false });
    // One millisecond later the window is complete and the check judges.
    const later = driftAdvisory(check, "prompt_tokens", chooseReference([canary, first], [], "prompt_tokens", { epochStart: T0, now: T0 + FIRST_HOUR_MS }));
    expect(later.status).toBe("pass");
  });

  it("judges every cell the canary sent, each against its own reference, and not a calibration-only cell", () => {
    const de = row("canary", draw(400, 5), ["language", "de"]);
    const onlyCal = row("calibration", draw(100, 5), ["language", "fr"], "c4-en-512");
    const byCell = advisoryChecks([check], [], [canary, first, own, whole, de, onlyCal, row("canary", draw(900, 5), ["", ""])], clock);
    expect(byCell["language\u0000ja"][0].driftReference).toMatchObject({ kind: "calibration", scope: "slice", dataset: "c4-en-512", n: 300 });
    expect(byCell["language\u0000de"][0].driftReference).toMatchObject({ kind: "calibration", scope: "deployment", n: 900 });
    expect(byCell["language\u0000de"][0].reason.text).toContain("vs calibration set c4-en-512 (whole deployment), n=900");
    expect(byCell["language\u0000fr"]).toBeUndefined();
  });
});

describe("PSI against the calibration set", () => {
  it("uses the calibration set's count in the no-drift level", () => {
    const ref = row("calibration", draw(60, 5), ["language", "ja"], "small");
    const cur = row("canary", draw(5000, 5));
    const v = driftAdvisory(check, "prompt_tokens", { kind: "calibration", dataset: "small", scope: "slice", ref, cur });
    const e = (r: DriftRow) => Object.entries(r.bins).map(([k, c]) => [Number(k), c] as [number, number]);
    const cuts = coarseCuts(e(ref));
    const psi = psiFromCounts(coarseCounts(e(ref), cuts), coarseCounts(e(cur), cuts));
    expect(v.canary).toBeCloseTo(psi, 12);
    expect(v.degradation!.estimate).toBeCloseTo(Math.max(0, psi - (1 / 60 + 1 / 5000) * cuts.length), 12);
    expect(v.n).toBe(60);
  });

  it("passes a canary drawn like the reported calibration histogram, and flags longer prompts", () => {
    const cal = reported(draw(5000, 5), octaves);
    const same = driftAdvisory(check, "prompt_tokens", { kind: "calibration", dataset: "c4-en-512", scope: "slice", ref: cal, cur: row("canary", draw(5000, 5)) });
    expect(same.status).toBe("pass");
    expect(same.degradation!.estimate).toBeLessThan(0.02);
    const longer = driftAdvisory(check, "prompt_tokens", { kind: "calibration", dataset: "c4-en-512", scope: "slice", ref: cal, cur: row("canary", draw(5000, 5.5)) });
    expect(longer.status).toBe("marginal");
    expect(longer.reason.text).toContain("vs calibration set c4-en-512, n=5,000");
  });
});

describe("calibration buckets onto log2 bins", () => {
  it("puts each bucket (lo, hi] at the bin of hi, the open top bucket past the last bound", () => {
    expect(calibrationBins([10, 100], [3, 4, 5], null)).toEqual({ [signedBin(10)]: 3, [signedBin(100)]: 4, [signedBin(100) + 1]: 5 });
    expect(calibrationBins([10, 100], [3, 0, 5], 400)).toEqual({ [signedBin(10)]: 3, [signedBin(400)]: 5 });
    expect(calibrationBins([-5, 0], [1, 2, 0], null)).toEqual({ [signedBin(-5)]: 1, "0": 2 });
  });
});

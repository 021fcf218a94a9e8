// End to end through the embedded ClickHouse: raw rows → materialized minute aggregates →
// comparison queries → verdict. One slice (language=de) has a collapsed exact-match rate.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { chTimeMs } from "@/clickhouse/time";
import { getPolicy, getPolicyVersion, insertPolicy, listPolicyVersions } from "@/clickhouse/queries/policies";
import { requestCells, shadowCells } from "@/clickhouse/queries/comparison";
import { runtime } from "@/lib/server/runtime";
import { createRng, normalSampler } from "@/lib/stats";
import { DEFAULT_POLICY } from "@/lib/policy";
import { evaluateDeployment } from "@/lib/verdict/evaluate";
import { uniqueDeployment } from "../helpers/db";

const deployment = uniqueDeployment("cmp");
const PER_LANG = 1500;
const LANGS = ["de", "en", "fr"];
const t0 = Date.now() - 30 * 60_000;

beforeAll(async () => {
  await runtime();
  const client = await db();
  const rng = createRng(42);
  const norm = normalSampler(rng);
  const events: Record<string, unknown>[] = [];
  const shadow: Record<string, unknown>[] = [];
  const resources: Record<string, unknown>[] = [];
  let i = 0;
  for (const lang of LANGS) {
    for (let k = 0; k < PER_LANG; k++, i++) {
      const ts = t0 + Math.floor((i / (PER_LANG * LANGS.length)) * 25 * 60_000);
      const slices = { language: lang, context_bucket: k % 2 ? "long" : "short" };
      const prompt = Math.round(Math.exp(norm(5, 0.5)));
      for (const arm of ["baseline", "canary"]) {
        events.push({
          deployment,
          arm,
          ts: chTimeMs(ts),
          request_id: `r${i}`,
          latency_ms: Math.exp(norm(Math.log(120), 0.3)),
          is_error: 0,
          is_fallback: 0,
          input_tokens: prompt,
          output_tokens: 50,
          slices,
          features: { prompt_tokens: prompt },
        });
      }
      const exact = rng.next() < (lang === "de" ? 0.4 : 0.9) ? 1 : 0;
      const sb = rng.next() < 0.8 ? 1 : 0;
      shadow.push({
        deployment,
        ts: chTimeMs(ts),
        request_id: `r${i}`,
        slices,
        exact_match: exact,
        token_agreement: exact ? 1 : 0.7 + 0.2 * rng.next(),
        kl_divergence: exact ? 0.01 : 0.05,
        score_baseline: sb,
        score_canary: sb,
      });
    }
  }
  for (let m = 0; m < 20; m++) {
    for (const [arm, gib] of [["baseline", 16], ["canary", 9]] as const) {
      resources.push({ deployment, arm, ts: chTimeMs(t0 + m * 60_000), metric: "quantlens.memory.used", kind: "total", value: gib * 2 ** 30 * (1 + 0.01 * rng.next()) });
    }
  }
  await client.insert({ table: "inference_events", values: events, format: "JSONEachRow" });
  await client.insert({ table: "shadow_comparisons", values: shadow, format: "JSONEachRow" });
  await client.insert({ table: "resource_samples", values: resources, format: "JSONEachRow" });
});

describe("comparison queries and verdict", () => {
  it("aggregates every cell in one query per table", async () => {
    const client = await db();
    const w = { from: t0 - 60_000, to: Date.now() + 60_000 };
    const req = await requestCells(client, deployment, w);
    const overall = req.find((r) => r.dimension === "" && r.arm === "canary")!;
    expect(overall.requests).toBe(PER_LANG * LANGS.length);
    // The latency histogram holds every request of the cell.
    expect(overall.hist_counts!.reduce((a, b) => a + Number(b), 0)).toBe(PER_LANG * LANGS.length);
    expect(req.some((r) => r.dimension === "context_bucket×language" && r.value === "short×de")).toBe(true);
    const sh = await shadowCells(client, deployment, w);
    const de = sh.find((r) => r.dimension === "language" && r.value === "de")!;
    expect(de.pairs).toBe(PER_LANG);
    expect(de.exact_matches / de.pairs).toBeGreaterThan(0.35);
    expect(de.exact_matches / de.pairs).toBeLessThan(0.45);
  });

  it("fails language=de on exact-match and passes or withholds the rest", async () => {
    const v = await evaluateDeployment(await db(), deployment, { to: Date.now() + 60_000 });
    expect(v.policy).toEqual({ name: DEFAULT_POLICY.name, version: 0 });
    const de = v.cells.find((c) => c.dimension === "language" && c.value === "de")!;
    expect(de.status).toBe("fail");
    const em = de.checks.find((c) => c.metric === "exact_match")!;
    expect(em.status).toBe("fail");
    expect(em.reason).toMatch(/^canary exact-match 0\.\d{3} vs reference 0\.\d{3} \(−\d\d\.\d pts/);
    for (const c of v.cells.filter((c) => !(c.dimension === "language" && c.value === "de"))) {
      for (const k of c.checks) {
        if (k.metric === "exact_match" || k.metric === "token_agreement" || k.metric === "kl_divergence") continue; // the reference includes de
        expect([k.metric, k.status]).not.toEqual([k.metric, "fail"]);
      }
    }
    const en = v.cells.find((c) => c.dimension === "language" && c.value === "en")!;
    expect(en.checks.find((c) => c.metric === "exact_match")!.status).toBe("pass");
    // The worst cell is language=de itself or a pair of dimensions containing it.
    const worst = v.worstCell!;
    expect(worst.dimension.split("×")).toContain("language");
    expect(worst.value.split("×")[worst.dimension.split("×").indexOf("language")]).toBe("de");
    expect(["fail", "marginal"]).toContain(v.status);
    // Memory (deployment level) and drift (per feature) are judged too.
    const overall = v.cells.find((c) => c.dimension === "")!;
    expect(overall.checks.find((c) => c.metric === "memory_peak")!.status).toBe("pass");
    const drift = overall.checks.find((c) => c.metric === "drift_psi")!;
    expect(drift.feature).toBe("prompt_tokens");
    expect(drift.status).toBe("pass");
    // Pairs of dimensions are judged too, by default.
    expect(v.cells.some((c) => c.dimension.includes("×") && c.checks.length > 0)).toBe(true);
  });

  it("stores policy versions and falls back to the '' default, then the built-in one", async () => {
    const client = await db();
    const dep = uniqueDeployment("pol");
    expect((await getPolicy(client, dep)).version).toBeGreaterThanOrEqual(0);
    const v1 = await insertPolicy(client, { deployment: dep, document: { ...DEFAULT_POLICY, name: "mine" }, author: "test", reason: "first" });
    const v2 = await insertPolicy(client, { deployment: dep, document: JSON.stringify({ ...DEFAULT_POLICY, name: "mine", alpha: 0.01 }), author: "test", reason: "stricter" });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const latest = await getPolicy(client, dep);
    expect(latest).toMatchObject({ deployment: dep, version: 2, reason: "stricter" });
    expect(latest.policy.alpha).toBe(0.01);
    expect((await listPolicyVersions(client, dep)).map((p) => p.version)).toEqual([2, 1]);
    expect((await getPolicyVersion(client, dep, 1))!.policy.alpha).toBe(0.05);
    expect(await getPolicyVersion(client, dep, 9)).toBeNull();
    await expect(insertPolicy(client, { deployment: dep, document: { name: "bad", checks: [] }, author: "t", reason: "r" })).rejects.toThrow(/checks/);
  });
});

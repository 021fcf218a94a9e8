// The disagreement examples of a cell against the real embedded ClickHouse: sorted by task-score
// drop, then KL, then token agreement; paged with a total; filtered by check; with both arms'
// trace ids; and only the cell's own comparisons.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { worstDisagreements, type DisagreementFilter } from "@/clickhouse/queries/disagreements";
import { insertRows } from "@/clickhouse/queries/insert";
import type { InferenceEventRow, ShadowComparisonRow } from "@/clickhouse/rows";
import { chTimeMs } from "@/clickhouse/time";
import { runtime } from "@/server/runtime/runtime";
import { uniqueDeployment } from "@/testkit/db";

const now = Date.now();
const d = uniqueDeployment("dis");
const cell = { dimension: "context_bucket×language", value: "long×de" };
const window = { from: now - 3_600_000, to: now + 1000 };
const all: DisagreementFilter = { check: "all", x: 0, offset: 0, limit: 20, scan: 5000 };

function shadow(id: string, o: Partial<ShadowComparisonRow>, slices = { language: "de", context_bucket: "long" }): ShadowComparisonRow {
  return { deployment: d, ts: chTimeMs(now - 60_000), request_id: id, slices, exact_match: 0, token_agreement: 0.5, kl_divergence: null, score_baseline: null, score_canary: null, input: "in", output_baseline: "a b", output_canary: "a c", attributes: {}, ...o };
}

function span(id: string, arm: string, trace: string): InferenceEventRow {
  return { deployment: d, arm, ts: chTimeMs(now - 61_000), request_id: id, trace_id: trace, span_id: "s", service: arm, span_name: "chat", model: "m", latency_ms: 10, ttft_ms: null, is_error: 0, is_fallback: 0, fallback_reason: "", input_tokens: 1, output_tokens: 1, status_message: "", slices: { language: "de", context_bucket: "long" }, features: {}, attributes: {}, resource_attributes: {} };
}

beforeAll(async () => {
  await runtime();
  const client = await db();
  const rows: ShadowComparisonRow[] = [
    shadow("drop-small", { score_baseline: 0.8, score_canary: 0.7, kl_divergence: 0.05 }),
    shadow("drop-big", { score_baseline: 0.9, score_canary: 0.3, kl_divergence: 0.01 }),
    shadow("no-score-kl-high", { kl_divergence: 0.9, token_agreement: 0.8 }),
    shadow("no-score-kl-low-ta-low", { kl_divergence: 0.1, token_agreement: 0.1 }),
    shadow("no-score-kl-low-ta-high", { kl_divergence: 0.1, token_agreement: 0.9 }),
    shadow("exact", { exact_match: 1, token_agreement: 1, kl_divergence: 0, score_baseline: 0.8, score_canary: 0.8, output_canary: "a b" }),
    shadow("other-cell", { score_baseline: 1, score_canary: 0 }, { language: "en", context_bucket: "long" }),
  ];
  for (let i = 0; i < 30; i++) rows.push(shadow(`filler-${String(i).padStart(2, "0")}`, { token_agreement: 0.95, exact_match: 1, ts: chTimeMs(now - 120_000 - i * 1000) }));
  await insertRows(client, "shadow_comparisons", rows);
  await insertRows(client, "inference_events", [span("drop-big", "baseline", "trace-b"), span("drop-big", "canary", "trace-c")]);
});

describe("worstDisagreements", () => {
  it("sorts by score drop, then KL, then token agreement, and counts the cell's rows only", async () => {
    const got = await worstDisagreements(await db(), d, cell, window, { ...all, limit: 6 });
    expect(got.rows.map((r) => r.request_id)).toEqual(["drop-big", "drop-small", "exact", "no-score-kl-high", "no-score-kl-low-ta-low", "no-score-kl-low-ta-high"]);
    expect(got.total).toBe(36);
  });

  it("pages: the second page continues where the first ended", async () => {
    const client = await db();
    const p1 = await worstDisagreements(client, d, cell, window, { ...all, limit: 20 });
    const p2 = await worstDisagreements(client, d, cell, window, { ...all, limit: 20, offset: 20 });
    expect(p1.rows).toHaveLength(20);
    expect(p2.rows).toHaveLength(16);
    expect(new Set([...p1.rows, ...p2.rows].map((r) => r.request_id)).size).toBe(36);
    expect(p2.total).toBe(36);
  });

  it("filters by check", async () => {
    const client = await db();
    const ids = async (f: Partial<DisagreementFilter>) => (await worstDisagreements(client, d, cell, window, { ...all, ...f })).rows.map((r) => r.request_id).sort();
    expect(await ids({ check: "token", x: 0.5 })).toEqual(["no-score-kl-low-ta-low"]);
    expect(await ids({ check: "kl", x: 0.2 })).toEqual(["no-score-kl-high"]);
    expect(await ids({ check: "score", x: 0.2 })).toEqual(["drop-big"]);
    expect((await ids({ check: "exact" })).length).toBe(5);
    expect((await worstDisagreements(client, d, cell, window, { ...all, check: "score", x: 0 })).total).toBe(2);
  });

  it("finds both arms' trace ids of a request", async () => {
    const got = await worstDisagreements(await db(), d, cell, window, { ...all, limit: 2 });
    expect(got.rows[0]).toMatchObject({ request_id: "drop-big", trace_baseline: "trace-b", trace_canary: "trace-c" });
    expect(got.rows[1]).toMatchObject({ trace_baseline: "", trace_canary: "" });
  });
});

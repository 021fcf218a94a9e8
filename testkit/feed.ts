// Request pairs as the ingest path writes them to judge_feed (for tests that drive the evaluator).
import type { JudgeFeedRow } from "@/clickhouse/queries/judgment";
import { chTimeMs } from "@/clickhouse/time";
import type { PairRecord } from "@/lib/judgment/records";

export function feedRows(writer: string, seq: number, records: PairRecord[]): JudgeFeedRow[] {
  return records.map((r) => ({
    writer,
    seq,
    deployment: r.deployment,
    kind: r.kind,
    request_id: r.requestId,
    ts: chTimeMs(r.ts),
    slices: r.slices,
    exact_match: r.kind === "shadow" && r.exact ? 1 : 0,
    token_agreement: r.kind === "shadow" ? r.agreement : 0,
    kl_divergence: r.kind === "shadow" ? r.kl : null,
    score_baseline: r.kind === "shadow" ? r.scoreBaseline : null,
    score_canary: r.kind === "shadow" ? r.scoreCanary : null,
    canary_manifest: r.kind === "arms" ? r.canaryManifest : "",
    fallback_baseline: r.kind === "arms" && r.baseline.fallback ? 1 : 0,
    fallback_canary: r.kind === "arms" && r.canary.fallback ? 1 : 0,
    error_baseline: r.kind === "arms" && r.baseline.error ? 1 : 0,
    error_canary: r.kind === "arms" && r.canary.error ? 1 : 0,
    latency_baseline_ms: r.kind === "arms" ? r.baseline.latencyMs : 0,
    latency_canary_ms: r.kind === "arms" ? r.canary.latencyMs : 0,
  }));
}

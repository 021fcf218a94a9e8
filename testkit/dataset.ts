// A large synthetic dataset built inside ClickHouse (INSERT … SELECT FROM numbers()), for the
// verdict and dashboard benchmarks: 20 single-dimension slice values (language 8, context_bucket
// 4, task 8), lognormal latency (canary 3% faster), events spread over the last 6 hours.
import type { Db } from "@/clickhouse/client";
import { putIncident } from "@/clickhouse/queries/incidents";
import { putVerdicts } from "@/clickhouse/queries/judgment";
import { chTimeMs } from "@/clickhouse/time";
import type { CellId } from "@/lib/judgment/cells";
import { STATUSES, VERDICT_SCHEMA, type CellVerdict, type CheckVerdict, type Status, type Verdict } from "@/lib/judgment/types";
import type { Metric } from "@/lib/policy";

export async function buildDataset(
  client: Db,
  o: { deployment: string; events: number; shadow: number; log?: (s: string) => void },
): Promise<{ from: number; now: number }> {
  const DEPLOYMENT = o.deployment;
  const EVENTS = o.events;
  const SHADOW = o.shadow;
  const now = Date.now();
  const from = now - 6 * 3_600_000;
  const t0 = performance.now();
  // 20 slice values: language 8 + context_bucket 4 + task 8. Latency lognormal (median ~600 ms,
  // σ 0.5); the canary 3% faster. Timestamps spread over the last 6 hours.
  await client.command({
    query: `INSERT INTO inference_events (deployment, arm, ts, request_id, latency_ms, is_error, is_fallback, input_tokens, output_tokens, slices, features)
      SELECT {d:String}, if(number % 2 = 0, 'baseline', 'canary'),
        fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv(number * 21600000, {n:UInt64}))),
        toString(number),
        exp(ln(600) + 0.5 * randNormal(0, 1)) * if(number % 2 = 0, 1, 0.97),
        toUInt8(rand(1) % 1000 < 10), toUInt8(rand(2) % 1000 < 20),
        toUInt32(100 + rand(3) % 900), toUInt32(50 + rand(4) % 400),
        map('language', ['en','de','fr','es','ja','zh','pt','it'][1 + intHash32(number) % 8],
            'context_bucket', ['short','medium','long','xl'][1 + intHash32(number + 1) % 4],
            'task', ['chat','code','summarize','qa','extract','translate','classify','math'][1 + intHash32(number + 2) % 8]),
        map('input_tokens', toFloat64(100 + rand(5) % 900))
      FROM numbers({n:UInt64})`,
    query_params: { d: DEPLOYMENT, from, n: EVENTS },
  });
  const tEvents = performance.now();
  await client.command({
    query: `INSERT INTO shadow_comparisons (deployment, ts, request_id, slices, exact_match, token_agreement, kl_divergence, score_baseline, score_canary)
      SELECT {d:String}, fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv(number * 21600000, {n:UInt64}))), toString(number),
        map('language', ['en','de','fr','es','ja','zh','pt','it'][1 + intHash32(number) % 8],
            'context_bucket', ['short','medium','long','xl'][1 + intHash32(number + 1) % 4],
            'task', ['chat','code','summarize','qa','extract','translate','classify','math'][1 + intHash32(number + 2) % 8]),
        toUInt8(rand(1) % 100 < 90) AS em, if(em = 1, 1.0, greatest(0, least(1, 0.6 + 0.15 * randNormal(0, 1)))),
        exp(if(em = 1, -5, -2) + randNormal(0, 1)), toFloat64(rand(2) % 100 < 80), toFloat64(rand(3) % 100 < 80)
      FROM numbers({n:UInt64})`,
    query_params: { d: DEPLOYMENT, from, n: SHADOW },
  });
  const tBuild = performance.now();
  (o.log ?? console.log)(`data: ${EVENTS.toLocaleString("en")} events in ${((tEvents - t0) / 1000).toFixed(1)} s, ${SHADOW.toLocaleString("en")} shadow comparisons in ${((tBuild - tEvents) / 1000).toFixed(1)} s`);

  return { from, now };
}

// ---- Persisted verdicts and a fleet of deployments, for the dashboard benchmark ----
// Verdicts are built with the judgment's own types and written through the production
// persistence (clickhouse/queries/judgment.ts putVerdicts), as the evaluator writes them.

const LANGUAGES = ["en", "de", "fr", "es", "ja", "zh", "pt", "it"];
const CONTEXTS = ["short", "medium", "long", "xl"];
const TASKS = ["chat", "code", "summarize", "qa", "extract", "translate", "classify", "math"];
/** The default policy's sequential checks, one of each metric per cell. */
const CHECK_METRICS: Metric[] = ["exact_match", "token_agreement", "kl_divergence", "task_score", "fallback_rate", "error_rate", "latency_p95", "latency_p99", "latency_rank"];

/** Every cell of the dataset above: the whole deployment, 20 single slices and 128 pairs. */
export function datasetCells(): CellId[] {
  const singles = [...LANGUAGES.map((v) => ({ dimension: "language", value: v })), ...CONTEXTS.map((v) => ({ dimension: "context_bucket", value: v })), ...TASKS.map((v) => ({ dimension: "task", value: v }))];
  const pairs: CellId[] = [];
  for (const c of CONTEXTS) for (const l of LANGUAGES) pairs.push({ dimension: "context_bucket×language", value: `${c}×${l}` });
  for (const c of CONTEXTS) for (const t of TASKS) pairs.push({ dimension: "context_bucket×task", value: `${c}×${t}` });
  for (const l of LANGUAGES) for (const t of TASKS) pairs.push({ dimension: "language×task", value: `${l}×${t}` });
  return [{ dimension: "", value: "" }, ...singles, ...pairs];
}

function check(i: number, metric: Metric, status: Status, n: number, at: number): CheckVerdict {
  const bad = status === "fail" ? 0.12 : status === "marginal" ? 0.03 : 0.002;
  const log = status === "fail" ? 5.1 : status === "marginal" ? 2.4 : -0.8;
  return {
    check: i,
    metric,
    status,
    failsDeployment: true,
    n,
    baseline: 0.9,
    canary: 0.9 - bad,
    degradation: { estimate: bad, lower: bad - 0.01, upper: bad + 0.01 },
    allowed: 0.02,
    ...(metric === "exact_match" || metric === "token_agreement" || metric === "kl_divergence" ? { reference: { level: 0.9, upper: 0.01, spread: 0.004 } } : {}),
    evidence: { anchored: { log, logThreshold: 4.6 }, change: { log: log - 0.5, logThreshold: 5.3 } },
    ...(status === "fail" ? { failed: { at: new Date(at).toISOString(), detector: "anchored" as const, n } } : {}),
    ...(status === "inconclusive" ? { eta: { toward: "pass" as const, requests: 1200, seconds: 300 } } : {}),
    reason: { code: status === "fail" ? "failed" : status === "marginal" ? "evidence_building" : status === "pass" ? "within_allowance" : status === "inconclusive" ? "inconclusive" : "too_few", text: `${metric}: ${status}` },
  };
}

/**
 * A verdict over `cells` in the shape the evaluator persists. `failing` cells fail on their first
 * two checks, `marginal` ones are marginal on the first; the rest pass.
 */
export function syntheticVerdict(o: {
  deployment: string;
  at: number;
  since: number;
  cells: CellId[];
  failing?: CellId[];
  marginal?: CellId[];
  requests?: number;
  status?: Status;
}): Verdict {
  const key = (c: CellId) => `${c.dimension}\u0000${c.value}`;
  const failing = new Set((o.failing ?? []).map(key));
  const marginal = new Set((o.marginal ?? []).map(key));
  const per = Math.max(1, Math.round((o.requests ?? 10_000) / Math.max(1, o.cells.length - 1)));
  const cells: CellVerdict[] = o.cells.map((c, k) => {
    const st: Status = failing.has(key(c)) ? "fail" : marginal.has(key(c)) ? "marginal" : (o.status === "insufficient_data" || o.status === "inconclusive" ? o.status : "pass");
    const n = c.dimension === "" ? (o.requests ?? 10_000) : per;
    return {
      dimension: c.dimension,
      value: c.value,
      order: k + 1,
      n: { shadow: n, arms: n },
      status: st,
      checks: CHECK_METRICS.map((m, i) => check(i, m, (st === "fail" && i < 2) || (st === "marginal" && i === 0) ? st : st === "fail" || st === "marginal" ? "pass" : st, n, o.since)),
    };
  });
  const counts = Object.fromEntries(STATUSES.map((s) => [s, cells.filter((c) => c.status === s).length])) as Record<Status, number>;
  const status: Status = o.status ?? (counts.fail ? "fail" : counts.marginal ? "marginal" : "pass");
  const worst = cells.find((c) => c.status === "fail") ?? cells.find((c) => c.status === "marginal") ?? null;
  const iso = (t: number) => new Date(t).toISOString();
  return {
    schema: VERDICT_SCHEMA,
    deployment: o.deployment,
    evaluatedAt: iso(o.at),
    epoch: { id: 1, startedAt: iso(o.at - 6 * 3_600_000), reason: "canary_start" },
    policy: { name: "default", version: 1 },
    status,
    since: iso(o.since),
    reason: worst
      ? { code: worst.status === "fail" ? "failed" : "evidence_building", text: `${worst.dimension}=${worst.value}: ${worst.checks[0].metric} ${worst.status}`, dimension: worst.dimension, value: worst.value, metric: worst.checks[0].metric, check: 0 }
      : { code: status === "pass" ? "within_allowance" : status === "inconclusive" ? "inconclusive" : "too_few", text: `every cell ${status}` },
    worstCell: worst ? { dimension: worst.dimension, value: worst.value, status: worst.status, metric: worst.checks[0].metric, check: 0 } : null,
    counts,
    notJudged: 0,
    guarantee: { alpha: 0.05, checks: CHECK_METRICS.length, shares: { anchored: 0.5, change: 0.3, reference: 0.2 } },
    cells,
  };
}

/**
 * The bench deployment's verdict history: one verdict every `everyMs` over the dataset's 6 hours
 * (pass, then marginal on language=de, then failing on long×de and its singles), the newest now.
 */
export async function persistVerdictHistory(client: Db, o: { deployment: string; now: number; everyMs?: number; log?: (s: string) => void }): Promise<Verdict> {
  const every = o.everyMs ?? 180_000;
  const cells = datasetCells();
  const start = o.now - 6 * 3_600_000;
  const marginalAt = o.now - 2 * 3_600_000;
  const failAt = o.now - 75 * 60_000;
  const failing: CellId[] = [{ dimension: "context_bucket×language", value: "long×de" }, { dimension: "language", value: "de" }, { dimension: "context_bucket", value: "long" }, { dimension: "", value: "" }];
  const marginal: CellId[] = [{ dimension: "language×task", value: "de×summarize" }, { dimension: "context_bucket×task", value: "long×translate" }, { dimension: "language", value: "ja" }];
  let batch: Verdict[] = [];
  let last: Verdict | null = null;
  let bytes = 0;
  let count = 0;
  for (let t = start + every; t <= o.now; t += every) {
    const at = t + every > o.now ? o.now : t;
    const v =
      at >= failAt
        ? syntheticVerdict({ deployment: o.deployment, at, since: failAt, cells, failing, marginal, requests: 100_000 })
        : at >= marginalAt
          ? syntheticVerdict({ deployment: o.deployment, at, since: marginalAt, cells, marginal: marginal.slice(2), requests: 60_000 })
          : syntheticVerdict({ deployment: o.deployment, at, since: start, cells, requests: 20_000 });
    batch.push(v);
    last = v;
    bytes += JSON.stringify(v).length;
    count++;
    if (batch.length === 20) {
      await putVerdicts(client, batch);
      batch = [];
    }
  }
  await putVerdicts(client, batch);
  (o.log ?? console.log)(`verdicts: ${count} for ${o.deployment} (${cells.length} cells each, newest ${(JSON.stringify(last).length / 1024).toFixed(0)} KB, ${(bytes / 1e6).toFixed(1)} MB in all)`);
  return last!;
}

export interface FleetDeployment {
  deployment: string;
  status: Status;
  /** Minutes since the arms last sent (0: live). */
  staleMinutes: number;
  /** The arms that send. */
  arms: ("baseline" | "canary")[];
  dimensions: number;
  valuesPerDimension: number;
  openIncident: boolean;
}

/**
 * `count` small deployments beside the bench one, as an overview sees a fleet: verdicts of mixed
 * statuses (a few failing with an open incident), two stale, one with a baseline only, and one
 * (marginal) with the longest dimension list ingest keeps (32 dimensions, values past 200 folded).
 */
export function fleetPlan(count: number): FleetDeployment[] {
  const cycle: Status[] = ["pass", "pass", "pass", "inconclusive", "marginal", "insufficient_data", "pass", "fail", "pass", "pass"];
  return Array.from({ length: count }, (_, i) => ({
    deployment: `fleet-${String(i).padStart(2, "0")}`,
    status: cycle[i % cycle.length],
    staleMinutes: i === 3 || i === 11 ? 25 : 0,
    arms: i === 5 ? ["baseline"] : ["baseline", "canary"],
    dimensions: i === 4 ? 32 : 3,
    valuesPerDimension: i === 4 ? 200 : 6,
    openIncident: cycle[i % cycle.length] === "fail",
  }));
}

export async function buildFleet(client: Db, plan: FleetDeployment[], o: { now: number; eventsEach?: number; log?: (s: string) => void }): Promise<void> {
  const t0 = performance.now();
  const n = o.eventsEach ?? 4000;
  for (const [i, f] of plan.entries()) {
    const to = o.now - f.staleMinutes * 60_000;
    const from = to - 3_600_000;
    // A record carries at most 16 dimensions (ingest's cap): rotate through the deployment's
    // dimensions. Past 200 values ingest folds the rest into __other__: so does this.
    const perRecord = Math.min(f.dimensions, 16);
    await client.command({
      query: `INSERT INTO inference_events (deployment, arm, ts, request_id, latency_ms, is_error, is_fallback, input_tokens, output_tokens, slices)
        SELECT {d:String}, {arms:Array(String)}[1 + number % length({arms:Array(String)})],
          fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv(number * 3600000, {n:UInt64}))), toString(number),
          exp(ln(500) + 0.4 * randNormal(0, 1)), toUInt8(rand(1) % 1000 < 10), toUInt8(rand(2) % 1000 < 20), 200, 100,
          mapFromArrays(
            arrayMap(k -> concat('dim', leftPad(toString((k + number) % {dims:UInt32}), 2, '0')), range({per:UInt32})),
            arrayMap(k -> if({fold:UInt8} = 1 AND intHash32(number * 31 + k) % ({vals:UInt32} + 1) = {vals:UInt32}, {other:String}, concat('v', toString(intHash32(number * 31 + k) % {vals:UInt32}))), range({per:UInt32})))
        FROM numbers({n:UInt64})`,
      query_params: { d: f.deployment, arms: f.arms, from, n, dims: f.dimensions, per: perRecord, vals: f.valuesPerDimension, fold: f.valuesPerDimension >= 200 ? 1 : 0, other: "__other__" },
    });
    await client.insert({
      table: "manifests",
      format: "JSONEachRow",
      values: f.arms.map((arm) => ({ deployment: f.deployment, arm, fingerprint: `${f.deployment}-${arm}`, first_seen: chTimeMs(from), service: f.deployment, model_version: "1", quant_format: arm === "canary" ? "W4A16" : "bf16", quant_method: arm === "canary" ? "awq" : "none", group_size: arm === "canary" ? "128" : "0", calibration_dataset: "", runtime: "vllm", hardware: "" })),
    });
    const cells: CellId[] = [{ dimension: "", value: "" }, ...Array.from({ length: Math.min(f.dimensions, 8) }, (_, k) => ({ dimension: `dim${String(k).padStart(2, "0")}`, value: "v1" }))];
    const since = o.now - (10 + i * 7) * 60_000;
    const v = syntheticVerdict({
      deployment: f.deployment,
      at: to,
      since,
      cells,
      failing: f.status === "fail" ? [cells[1]] : [],
      marginal: f.status === "marginal" ? [cells[1]] : [],
      status: f.status === "inconclusive" || f.status === "insufficient_data" ? f.status : undefined,
      requests: n,
    });
    await putVerdicts(client, [v]);
    if (f.openIncident) {
      await putIncident(client, { id: `inc_${f.deployment}`, deployment: f.deployment, episode: 1, status: "open", opened_at: chTimeMs(since), resolved_at: null, acknowledged_by: "", acknowledged_at: null, policy_version: 1, reason: v.reason.text, evidence: "{}" });
    }
  }
  (o.log ?? console.log)(`fleet: ${plan.length} deployments × ${n.toLocaleString("en")} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

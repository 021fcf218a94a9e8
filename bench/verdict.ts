// npm run bench:verdict: the evaluator's cost per round once history is large. A fresh embedded
// ClickHouse holds 10M request pairs' worth of feed (5M arms pairs + 5M shadow pairs) over
// 150 cells (8 languages × 4 context buckets × 8 tasks: 20 slices + 128 pairs + the whole
// deployment) and the default policy's 9 sequential checks (11 checks with the 2 advisory ones).
// The server's Evaluator catches up once, then judges one second of new traffic (BENCH_RATE
// requests/s) per round; every 5th round also rewrites the verdict (the server: every 30 s, or on
// a change). Both kinds are reported: carried forward incrementally, a round costs the same at
// any history. Writes bench/results/verdict.json. Env: BENCH_EVENTS (10000000), BENCH_RATE (1000),
// BENCH_REPS (50).
import { METRIC } from "@/lib/semconv";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 50);
// The server rewrites the verdict every 30 s (or when its status or worst cell changes); every 5th
// round here, so both kinds of round are measured often enough for a median.
const VERDICT_EVERY_ROUNDS = 5;
const TARGET_MS = 200;
const DEPLOYMENT = "bench-verdict";
const BATCH = 20_000;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { min: s[0], median: s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p95: q(0.95) };
};

// The feed rows as a SELECT; `n` and `seq` are SQL fragments holding query parameters only.
const FEED = (n: string, seq: string) => `
  SELECT 'bench' AS writer, ${seq} AS seq, {d:String} AS deployment, if(number % 2 = 0, 'arms', 'shadow') AS kind,
    toString(intDiv(number, 2)) AS request_id, fromUnixTimestamp64Milli(toInt64({t0:Int64} + intDiv(number * 1000, {rate2:UInt64}))) AS ts,
    map('language', ['en','de','fr','es','ja','zh','pt','it'][1 + intHash32(intDiv(number, 2)) % 8],
        'context_bucket', ['short','medium','long','xl'][1 + intHash32(intDiv(number, 2) + 1) % 4],
        'task', ['chat','code','summarize','qa','extract','translate','classify','math'][1 + intHash32(intDiv(number, 2) + 2) % 8]) AS slices,
    toUInt8(rand(1) % 100 < 90) AS exact_match, if(exact_match = 1, 1.0, greatest(0, least(1, 0.6 + 0.15 * randNormal(0, 1)))) AS token_agreement,
    exp(if(exact_match = 1, -5, -2) + randNormal(0, 1)) AS kl_divergence, toFloat64(rand(2) % 100 < 80) AS score_baseline, toFloat64(rand(2) % 100 < 80) AS score_canary,
    'canary-1' AS canary_manifest, toUInt8(0) AS fallback_baseline, toUInt8(rand(3) % 100 < 1) AS fallback_canary,
    toUInt8(rand(4) % 1000 < 3) AS error_baseline, toUInt8(rand(5) % 1000 < 3) AS error_canary,
    exp(ln(600) + 0.5 * randNormal(0, 1)) AS latency_baseline_ms, exp(ln(600) + 0.5 * randNormal(0, 1)) * 0.97 AS latency_canary_ms
  FROM numbers(${n})`;

const COLUMNS = "writer, seq, deployment, kind, request_id, ts, slices, exact_match, token_agreement, kl_divergence, score_baseline, score_canary, canary_manifest, fallback_baseline, fallback_canary, error_baseline, error_canary, latency_baseline_ms, latency_canary_ms";

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-verdict-"));
  process.env.QUANTLENS_DATA_DIR = dir;
  const { db, dbConfig, closeDb } = await import("@/clickhouse/client");
  const { migrate } = await import("@/clickhouse/migrate");
  const { verdictAt } = await import("@/clickhouse/queries/judgment");
  const { Evaluator } = await import("@/server/workers/evaluator");
  const { clickhouseStore } = await import("@/server/workers/judgment-store");
  const client = await db();
  await migrate(client, dbConfig());

  const t0 = Date.now() - 6 * 3_600_000;
  const tb = performance.now();
  await client.command({
    query: `INSERT INTO judge_feed (${COLUMNS}) ${FEED("{n:UInt64}", "toUInt64(intDiv(number, {batch:UInt64}) + 1)")}`,
    query_params: { d: DEPLOYMENT, t0, rate2: Math.max(1, Math.round((EVENTS / (6 * 3600)) * 1)), n: EVENTS, batch: BATCH },
  });
  // The advisory checks' inputs over the same 6 hours: one memory series per arm, and two input
  // features per cell and arm (the 149 cells of the feed), per minute.
  await client.command({
    query: `INSERT INTO memory_minute (deployment, arm, metric, kind, minute, n, total, peak)
      SELECT {d:String}, arm, {metric:String}, 'total', toStartOfMinute(fromUnixTimestamp64Milli(toInt64({t0:Int64}))) + toIntervalMinute(number), 4, 4 * base, base * 1.05
      FROM numbers(360) ARRAY JOIN ['baseline', 'canary'] AS arm, [16e9, 9e9] AS base`,
    query_params: { d: DEPLOYMENT, t0, metric: METRIC.memoryUsed },
  });
  await client.command({
    query: `INSERT INTO drift_minute (deployment, dimension, value, arm, feature, minute, n, total, bins)
      WITH ['en','de','fr','es','ja','zh','pt','it'] AS L, ['short','medium','long','xl'] AS C, ['chat','code','summarize','qa','extract','translate','classify','math'] AS T,
        arrayConcat([('', '')], arrayMap(x -> ('language', x), L), arrayMap(x -> ('context_bucket', x), C), arrayMap(x -> ('task', x), T),
          arrayFlatten(arrayMap(c -> arrayMap(l -> ('context_bucket×language', concat(c, '×', l)), L), C)),
          arrayFlatten(arrayMap(c -> arrayMap(t -> ('context_bucket×task', concat(c, '×', t)), T), C)),
          arrayFlatten(arrayMap(l -> arrayMap(t -> ('language×task', concat(l, '×', t)), T), L))) AS cells
      SELECT {d:String}, cell.1, cell.2, arm, feature, toStartOfMinute(fromUnixTimestamp64Milli(toInt64({t0:Int64}))) + toIntervalMinute(number), 20, 20 * 300,
        map(toInt16(260 + number % 7), toUInt64(8), toInt16(270), toUInt64(12))
      FROM numbers(360) ARRAY JOIN cells AS cell ARRAY JOIN ['baseline', 'canary'] AS arm ARRAY JOIN ['prompt_tokens', 'temperature'] AS feature`,
    query_params: { d: DEPLOYMENT, t0 },
  });
  console.log(`history: ${EVENTS.toLocaleString("en")} feed rows (${(EVENTS / 2).toLocaleString("en")} arms pairs + as many shadow pairs) stored in ${((performance.now() - tb) / 1000).toFixed(1)} s`);

  let seq = Math.ceil(EVENTS / BATCH);
  let now = Date.now();
  // Time spent in each storage call, so a round splits into ClickHouse work and judging.
  const spent = new Map<string, number>();
  const store = clickhouseStore(client, null);
  for (const [name, fn] of Object.entries(store) as [keyof typeof store, (...a: unknown[]) => Promise<unknown>][]) {
    (store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await fn(...args);
      } finally {
        spent.set(name, (spent.get(name) ?? 0) + performance.now() - t);
      }
    };
  }
  const evaluator = new Evaluator(
    { store, clock: () => now, enqueue: async () => undefined, payload: () => ({}) as never, log: console.error },
    { readLimit: 500_000, verdictEveryMs: VERDICT_EVERY_ROUNDS * 1000 },
  );
  const tc = performance.now();
  await evaluator.tick();
  const catchUpMs = performance.now() - tc;
  const v0 = evaluator.latestVerdict(DEPLOYMENT)!;
  const checks = v0.cells[0].checks.length;
  console.log(`catch-up: ${(EVENTS / (catchUpMs / 1000)).toFixed(0)} rows/s (${(catchUpMs / 1000).toFixed(1)} s); ${v0.cells.length} cells × ${checks} checks on the whole deployment; status ${v0.status}`);

  const rounds: { ms: number; io: number; calls: Map<string, number> }[] = [];
  const inserts: number[] = [];
  for (let i = 0; i < REPS; i++) {
    seq++;
    const ti = performance.now();
    await client.command({
      query: `INSERT INTO judge_feed (${COLUMNS}) ${FEED("{n:UInt64}", "{seq:UInt64}")}`,
      query_params: { d: DEPLOYMENT, t0: Date.now(), rate2: 2 * RATE, n: 2 * RATE, seq },
    });
    inserts.push(performance.now() - ti);
    now += 1000;
    spent.clear();
    const t = performance.now();
    await evaluator.tick();
    rounds.push({ ms: performance.now() - t, io: [...spent.values()].reduce((a, b) => a + b, 0), calls: new Map(spent) });
  }
  const reads: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await verdictAt(client, DEPLOYMENT);
    reads.push(performance.now() - t);
  }
  const q = stats(reads);
  const ins = stats(inserts);
  const kinds = [
    { name: "every round", of: rounds },
    { name: "rounds that judge and keep the summary", of: rounds.filter((x) => !x.calls.has("putVerdicts") && !x.calls.has("saveCheckpoint")) },
    { name: "rounds that also rewrite the verdict (every 30 s, or on a change)", of: rounds.filter((x) => x.calls.has("putVerdicts")) },
  ];
  const row = (label: string, xs: number[], digits = 0) => {
    const m = stats(xs);
    console.log(`| ${label} | ${xs.length} | ${m.min.toFixed(digits)} | ${m.median.toFixed(digits)} | ${m.p95.toFixed(digits)} |`);
    return m;
  };
  console.log(`| evaluator round: 1 s of new pairs (${2 * RATE} rows) | rounds | min ms | median ms | p95 ms |`);
  console.log(`|---|---|---|---|---|`);
  const measured = kinds.map((k) => ({ ...k, ms: row(k.name, k.of.map((x) => x.ms)) }));
  const calls = [...new Set(rounds.flatMap((x) => [...x.calls.keys()]))];
  for (const name of calls) {
    const xs = rounds.filter((x) => x.calls.has(name)).map((x) => x.calls.get(name)!);
    row(`· store.${name}, in the rounds that call it`, xs);
  }
  const judging = row("· judging: a round less its storage calls", rounds.map((x) => x.ms - x.io));
  row("read the persisted verdict (every page, gate, API)", reads, 1);
  row(`reference: INSERT of the same ${2 * RATE} rows`, inserts, 1);
  const worst = Math.max(...measured.slice(1).map((k) => k.ms.median));
  console.log(`slowest kind of round, median / ${TARGET_MS} ms target = ${(worst / TARGET_MS).toFixed(2)}; every round's median / INSERT median = ${(measured[0].ms.median / ins.median).toFixed(1)}`);
  const out = path.join(import.meta.dirname, "results", "verdict.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify({ date: new Date().toISOString(), machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}`, events: EVENTS, cells: v0.cells.length, checks, rate: RATE, round_ms: measured[0].ms, summary_round_ms: measured[1].ms, verdict_round_ms: measured[2].ms, judging_ms: judging, verdict_read_ms: q, insert_ms: ins, catch_up_rows_per_s: Math.round(EVENTS / (catchUpMs / 1000)), target_ms: TARGET_MS }, null, 2) + "\n",
  );
  await evaluator.flush();
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

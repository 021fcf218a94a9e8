// A large synthetic dataset built inside ClickHouse (INSERT … SELECT FROM numbers()), for the
// verdict and dashboard benchmarks: 20 single-dimension slice values (language 8, context_bucket
// 4, task 8), lognormal latency (canary 3% faster), events spread over the last 6 hours.
import type { Db } from "@/clickhouse/client";

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

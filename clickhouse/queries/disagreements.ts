// The shadow disagreements of one cell: the one raw query the dashboard runs, capped. Among the
// newest rows of the window that pass the check filter (capped scan), the biggest task-score drop
// first, then the largest divergence (KL), then the lowest token agreement; paged.
import type { Db } from "../client";
import type { TimeWindow } from "@/lib/time/window";
import { chTimeMs, parseChTime } from "../time";

export interface Disagreement {
  /** 'YYYY-MM-DD hh:mm:ss.nnnnnnnnn' UTC */
  time: string;
  request_id: string;
  exact_match: number;
  token_agreement: number;
  kl_divergence: number | null;
  score_baseline: number | null;
  score_canary: number | null;
  input: string;
  output_baseline: string;
  output_canary: string;
  /** Each arm's trace id for the request ('' when that arm's span was not found near the comparison). */
  trace_baseline: string;
  trace_canary: string;
}

export interface DisagreementFilter {
  /** all | exact (exact match fails) | token (agreement < x) | kl (KL > x) | score (baseline − canary > x). */
  check: "all" | "exact" | "token" | "kl" | "score";
  x: number;
  offset: number;
  limit: number;
  /** The newest matching rows the pages reach over. */
  scan: number;
}

export interface DisagreementRows {
  rows: Disagreement[];
  /** Matching comparisons in the window, at most `scan`. */
  total: number;
}

/** Splits a cell into single (dimension, value) filters: 'a×b' / 'x×y' → [a=x, b=y]. */
export function cellFilters(dimension: string, value: string): { dims: string[]; vals: string[] } {
  if (dimension === "") return { dims: [], vals: [] };
  const dims = dimension.split("×");
  const vals = dims.length > 1 ? value.split("×") : [value];
  if (vals.length !== dims.length) return { dims: [dimension], vals: [value] };
  return { dims, vals };
}

const WHERE = `deployment = {deployment:String}
                AND ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
                AND arrayAll((d, v) -> slices[d] = v, {dims:Array(String)}, {vals:Array(String)})
                AND multiIf({check:String} = 'exact', exact_match = 0,
                            {check:String} = 'token', token_agreement < {x:Float64},
                            {check:String} = 'kl', ifNull(kl_divergence, 0) > {x:Float64},
                            {check:String} = 'score', ifNull(score_baseline - score_canary, 0) > {x:Float64},
                            1)`;

/** The spans of both arms near the comparisons: ingest writes them within seconds of each other. */
const TRACE_SLACK_MS = 10 * 60_000;

export async function worstDisagreements(client: Db, deployment: string, cell: { dimension: string; value: string }, w: TimeWindow, f: DisagreementFilter): Promise<DisagreementRows> {
  const { dims, vals } = cellFilters(cell.dimension, cell.value);
  const params = { deployment, from: chTimeMs(w.from), to: chTimeMs(w.to), dims, vals, check: f.check, x: f.x, scan: f.scan };
  const [rows, total] = await Promise.all([
    client
      .query({
        query: `SELECT time, request_id, exact_match, token_agreement, kl_divergence, score_baseline, score_canary,
                       input, output_baseline, output_canary
                FROM (
                  SELECT ts AS ts_raw, toString(ts) AS time, request_id, toUInt8(exact_match) AS exact_match,
                         toFloat64(token_agreement) AS token_agreement,
                         kl_divergence, score_baseline, score_canary,
                         input, output_baseline, output_canary
                  FROM shadow_comparisons
                  WHERE ${WHERE}
                  ORDER BY ts DESC
                  LIMIT {scan:UInt32}
                )
                ORDER BY score_baseline - score_canary DESC NULLS LAST, kl_divergence DESC NULLS LAST,
                         token_agreement ASC, exact_match ASC, ts_raw DESC, request_id ASC
                LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
        query_params: { ...params, limit: f.limit, offset: f.offset },
        format: "JSONEachRow",
      })
      .then((r) => r.json<Omit<Disagreement, "trace_baseline" | "trace_canary">>()),
    client
      .query({
        query: `SELECT toUInt32(least(count(), {scan:UInt32})) AS total FROM shadow_comparisons WHERE ${WHERE}`,
        query_params: params,
        format: "JSONEachRow",
      })
      .then((r) => r.json<{ total: number }>()),
  ]);
  const traces = new Map<string, { baseline: string; canary: string }>();
  if (rows.length > 0) {
    const times = rows.map((r) => parseChTime(r.time.slice(0, 23)));
    const r = await client.query({
      query: `SELECT request_id, arm, any(trace_id) AS trace_id
              FROM inference_events
              WHERE deployment = {deployment:String}
                AND ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
                AND request_id IN {ids:Array(String)}
              GROUP BY request_id, arm`,
      query_params: { deployment, from: chTimeMs(Math.min(...times) - TRACE_SLACK_MS), to: chTimeMs(Math.max(...times) + TRACE_SLACK_MS), ids: rows.map((x) => x.request_id) },
      format: "JSONEachRow",
    });
    for (const t of await r.json<{ request_id: string; arm: string; trace_id: string }>()) {
      const e = traces.get(t.request_id) ?? { baseline: "", canary: "" };
      if (t.arm === "baseline" || t.arm === "canary") e[t.arm] = t.trace_id;
      traces.set(t.request_id, e);
    }
  }
  return {
    rows: rows.map((x) => ({ ...x, trace_baseline: traces.get(x.request_id)?.baseline ?? "", trace_canary: traces.get(x.request_id)?.canary ?? "" })),
    total: Number(total[0]?.total ?? 0),
  };
}

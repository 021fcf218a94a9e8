// The worst shadow disagreements of one cell: the one raw query the dashboard runs, capped.
// Among the newest rows of the window (capped scan), the least-agreeing first.
import type { Db } from "../client";
import type { TimeWindow } from "@/lib/time/window";
import { chTimeMs } from "../time";

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
}

/** Splits a cell into single (dimension, value) filters: 'a×b' / 'x×y' → [a=x, b=y]. */
export function cellFilters(dimension: string, value: string): { dims: string[]; vals: string[] } {
  if (dimension === "") return { dims: [], vals: [] };
  const dims = dimension.split("×");
  const vals = dims.length > 1 ? value.split("×") : [value];
  if (vals.length !== dims.length) return { dims: [dimension], vals: [value] };
  return { dims, vals };
}

export async function worstDisagreements(
  client: Db,
  deployment: string,
  cell: { dimension: string; value: string },
  w: TimeWindow,
  limit = 20,
  scan = 5000,
): Promise<Disagreement[]> {
  const { dims, vals } = cellFilters(cell.dimension, cell.value);
  const r = await client.query({
    query: `SELECT time, request_id, exact_match, token_agreement, kl_divergence, score_baseline, score_canary,
                   input, output_baseline, output_canary
            FROM (
              SELECT ts AS ts_raw, toString(ts) AS time, request_id, toUInt8(exact_match) AS exact_match,
                     toFloat64(token_agreement) AS token_agreement,
                     kl_divergence, score_baseline, score_canary,
                     input, output_baseline, output_canary
              FROM shadow_comparisons
              WHERE deployment = {deployment:String}
                AND ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
                AND arrayAll((d, v) -> slices[d] = v, {dims:Array(String)}, {vals:Array(String)})
              ORDER BY ts DESC
              LIMIT {scan:UInt32}
            )
            ORDER BY exact_match ASC, token_agreement ASC, ts_raw DESC
            LIMIT {limit:UInt32}`,
    query_params: { deployment, from: chTimeMs(w.from), to: chTimeMs(w.to), dims, vals, limit, scan },
    format: "JSONEachRow",
  });
  return r.json<Disagreement>();
}

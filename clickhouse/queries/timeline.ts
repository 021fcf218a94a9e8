// The verdict timeline's status changes: of the persisted verdicts (one at least every 30 s while
// pairs arrive) only those whose status differs from the verdict before them, so a week of
// history is a few rows, not twenty thousand.
import type { Db } from "../client";
import { queryRows } from "../query";
import { chTimeMs } from "../time";

export interface StatusChangeRow {
  /** When the status began: the verdict's `since`, but not before the verdict ahead of it. */
  at: string;
  status: string;
}

/** Status changes in [from, to], newest first, at most `limit` (the caller learns of a cut by the count). */
export function statusChanges(client: Db, deployment: string, from: number, to: number, limit: number): Promise<StatusChangeRow[]> {
  return queryRows<StatusChangeRow>(
    client,
    `SELECT toString(greatest(since, prev_at)) AS at, status
     FROM (
       SELECT evaluated_at, status, since,
              lagInFrame(status, 1, '') OVER w AS prev_status,
              lagInFrame(evaluated_at, 1, toDateTime64(0, 3, 'UTC')) OVER w AS prev_at
       FROM verdicts
       WHERE deployment = {d:String}
         AND verdicts.evaluated_at >= {from:DateTime64(3, 'UTC')} AND verdicts.evaluated_at <= {to:DateTime64(3, 'UTC')}
       WINDOW w AS (ORDER BY evaluated_at ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
     )
     WHERE status != prev_status
     ORDER BY evaluated_at DESC
     LIMIT {limit:UInt32}`,
    { d: deployment, from: chTimeMs(from), to: chTimeMs(to), limit },
  );
}

/** The status in force just before `at` and since when, or null before the first verdict. */
export async function statusBefore(client: Db, deployment: string, at: number): Promise<{ status: string; since: string } | null> {
  const [row] = await queryRows<{ status: string; since: string }>(
    client,
    `SELECT status, toString(since) AS since FROM verdicts
     WHERE deployment = {d:String} AND verdicts.evaluated_at < {at:DateTime64(3, 'UTC')}
     ORDER BY verdicts.evaluated_at DESC LIMIT 1`,
    { d: deployment, at: chTimeMs(at) },
  );
  return row ?? null;
}

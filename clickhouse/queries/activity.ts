// What one deployment has sent, per arm and per signal, in a window and ever: for the pages that
// must say what is true when a comparison is empty (an arm silent, traffic stopped, one arm only).
import type { Db } from "../client";
import { queryRows, WINDOW, windowParams } from "../query";
import type { TimeWindow } from "@/lib/time/window";

export interface Activity {
  /** The arm ('baseline', 'canary', 'unspecified', …), or the signal for shadow and memory rows. */
  arm: string;
  in_window: number;
  total: number;
  /** ClickHouse 'YYYY-MM-DD hh:mm:ss' (UTC) of the first and the last minute with data. */
  first_minute: string;
  last_minute: string;
}

const SELECT = (count: string) => `toUInt64(sumIf(${count}, ${WINDOW})) AS in_window, toUInt64(sum(${count})) AS total,
       toString(min(minute)) AS first_minute, toString(max(minute)) AS last_minute`;

/** Requests (inference spans) per arm. */
export function armActivity(client: Db, deployment: string, w: TimeWindow): Promise<Activity[]> {
  return queryRows<Activity>(
    client,
    `SELECT arm, ${SELECT("requests")}
     FROM request_minute WHERE deployment = {deployment:String} AND dimension = ''
     GROUP BY arm ORDER BY arm`,
    { deployment, ...windowParams(w) },
  );
}

/** Shadow comparisons (request pairs) and memory samples, one row each when any were sent. */
export function signalActivity(client: Db, deployment: string, w: TimeWindow): Promise<Activity[]> {
  return queryRows<Activity>(
    client,
    `SELECT 'shadow_comparisons' AS arm, ${SELECT("pairs")}
     FROM shadow_minute WHERE deployment = {deployment:String} AND dimension = '' HAVING total > 0
     UNION ALL
     SELECT 'memory' AS arm, ${SELECT("n")}
     FROM memory_minute WHERE deployment = {deployment:String} HAVING total > 0`,
    { deployment, ...windowParams(w) },
  );
}

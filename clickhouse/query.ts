// Helpers the aggregate queries share: reading JSONEachRow rows, and the minute window they
// filter on (per-minute aggregates, so a window starts at the start of its `from` minute).
import type { TimeWindow } from "@/lib/time/window";
import type { Db } from "./client";
import { chTimeMs } from "./time";

/** `col` in [start of {from}'s minute, {to}); the parameters come from windowParams. */
export const windowOn = (col: string): string =>
  `${col} >= toStartOfMinute({from:DateTime64(3, 'UTC')}) AND ${col} < {to:DateTime64(3, 'UTC')}`;

/** The window on the aggregate tables' `minute` column. */
export const WINDOW = windowOn("minute");

/** The {from} and {to} parameters of windowOn / WINDOW. */
export const windowParams = (w: TimeWindow) => ({ from: chTimeMs(w.from), to: chTimeMs(w.to) });

export async function queryRows<T>(client: Db, query: string, query_params: Record<string, unknown>): Promise<T[]> {
  const r = await client.query({ query, query_params, format: "JSONEachRow" });
  return r.json<T>();
}

// Whether a page may show a check's time to a decision (the ETA "~N more pairs, ~T at the current
// rate"). Only for a live range with traffic flowing: over a closed range the verdict is history,
// and with traffic stopped "the current rate" is zero, so either way the estimate means nothing.
import type { PageWindow } from "./range";

/** Traffic counts as stopped when no arm has sent anything for this long. */
export const STOPPED_AFTER_MS = 5 * 60_000;

export type DecisionTime = { show: true } | { show: false; why: "closed_range" | "traffic_stopped"; text: string };

/**
 * The newest moment any arm may have sent, from the arms' newest per-minute bucket
 * ('YYYY-MM-DD hh:mm:ss' UTC, the minute's start): its end, since a request may sit anywhere in it.
 */
export function lastSentMs(arms: { last_minute: string }[]): number | null {
  let last: number | null = null;
  for (const a of arms) {
    const t = Date.parse(`${a.last_minute.slice(0, 19).replace(" ", "T")}Z`);
    if (Number.isFinite(t) && (last === null || t + 60_000 > last)) last = t + 60_000;
  }
  return last;
}

export function decisionTime(range: PageWindow["range"], lastSent: number | null, now: number): DecisionTime {
  if (range === "custom") return { show: false, why: "closed_range", text: "no time to a decision over a closed range" };
  if (lastSent === null || now - lastSent > STOPPED_AFTER_MS) {
    return { show: false, why: "traffic_stopped", text: `no time to a decision: no traffic for over ${STOPPED_AFTER_MS / 60_000} minutes` };
  }
  return { show: true };
}

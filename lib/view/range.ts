// The time window of a dashboard page from its query parameters: ?range=15m|1h|6h|24h|7d, or a
// custom ?from=&to= (ISO, epoch ms or relative like 90m, read as the API reads them). Pure, so
// pages and the picker agree.
import { ValidationError } from "@/lib/errors";
import { durationMs, instantMs, UNIT_MS, type TimeWindow } from "@/lib/time/window";

export const RANGES = ["15m", "1h", "6h", "24h", "7d"] as const;
export type RangeKey = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeKey = "1h";

export interface PageWindow extends TimeWindow {
  /** The preset in use, or "custom". */
  range: RangeKey | "custom";
  label: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function pointMs(text: string, now: number): number | undefined {
  const n = instantMs(text, now);
  return Number.isFinite(n) ? n : undefined;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** Throws a ValidationError, in words the page shows, for unusable custom times. */
export function pageWindow(sp: SearchParams, now = Date.now()): PageWindow {
  const fromText = first(sp.from);
  const toText = first(sp.to);
  if (fromText) {
    const from = pointMs(fromText, now);
    const to = toText ? pointMs(toText, now) : now;
    if (from === undefined || to === undefined) throw new ValidationError(`from/to must be ISO times, epoch ms or like 90m; got ${JSON.stringify(`${fromText} / ${toText ?? ""}`.slice(0, 80))}`);
    if (from >= to) throw new ValidationError("from must be before to");
    return { from, to: Math.min(to, now), range: "custom", label: `${iso(from)} – ${iso(Math.min(to, now))} UTC` };
  }
  const r = first(sp.range);
  const range: RangeKey = (RANGES as readonly string[]).includes(r ?? "") ? (r as RangeKey) : DEFAULT_RANGE;
  return { from: now - (durationMs(range) ?? UNIT_MS.h), to: now, range, label: `last ${range}` };
}

/** The query string that keeps the page's state (range or from/to, dim). */
export function stateQuery(sp: SearchParams, keep: string[] = ["range", "from", "to", "dim"]): string {
  const q = new URLSearchParams();
  for (const k of keep) {
    const v = first(sp[k]);
    if (v) q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

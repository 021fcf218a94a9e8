// The time window of a dashboard page from its query parameters: ?range=15m|1h|6h|24h|7d, or a
// custom ?from=&to= (ISO, epoch ms or relative like 90m). Pure, so pages and the picker agree.

export const RANGES = ["15m", "1h", "6h", "24h", "7d"] as const;
export type RangeKey = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeKey = "1h";

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export interface PageWindow {
  from: number;
  to: number;
  /** The preset in use, or "custom". */
  range: RangeKey | "custom";
  label: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function durationMs(text: string): number | undefined {
  const m = /^(\d+)(m|h|d)$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

function pointMs(text: string, now: number): number | undefined {
  const rel = durationMs(text);
  if (rel !== undefined) return now - rel;
  const n = /^\d{10,16}$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(n) ? n : undefined;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** Throws an Error with a readable message for unusable custom times. */
export function pageWindow(sp: SearchParams, now = Date.now()): PageWindow {
  const fromText = first(sp.from);
  const toText = first(sp.to);
  if (fromText) {
    const from = pointMs(fromText, now);
    const to = toText ? pointMs(toText, now) : now;
    if (from === undefined || to === undefined) throw new Error(`from/to must be ISO times, epoch ms or like 90m; got ${JSON.stringify(`${fromText} / ${toText ?? ""}`.slice(0, 80))}`);
    if (from >= to) throw new Error("from must be before to");
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

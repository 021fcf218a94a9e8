// Instants as people read them: 24-hour, always with the zone's label, in UTC or the viewer's
// chosen zone (an IANA name kept in a cookie, so server-rendered times follow it). Pure: the zone
// is a parameter, never read from the machine. The URL and the API stay in UTC ISO.

export const UTC = "UTC";
/** The cookie that holds the viewer's zone: "UTC" or an IANA name such as "Europe/Berlin". */
export const TZ_COOKIE = "ql-tz";
/** What a range input accepts, in the chosen zone. */
export const WALL_CLOCK_PATTERN = "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}";
export const WALL_CLOCK_PLACEHOLDER = "YYYY-MM-DD HH:MM";

// Intl formatters are costly to build (tens of µs) and pages format hundreds of times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, key: string, options: Intl.DateTimeFormatOptions, locale = "en-US"): Intl.DateTimeFormat {
  const k = `${locale}|${zone}|${key}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options });
    formatters.set(k, f);
  }
  return f;
}

/** A usable zone: the cookie's value when Intl knows it, else UTC. */
export function zoneOf(value: string | null | undefined): string {
  if (!value || value.length > 64) return UTC;
  try {
    return formatter(value, "check", {}).resolvedOptions().timeZone;
  } catch {
    return UTC;
  }
}

/**
 * Epoch ms from what the layers hand over: ClickHouse 'YYYY-MM-DD hh:mm:ss(.fff)' (UTC, no zone),
 * ISO with a zone, epoch ms, or a Date. Null for nothing, garbage, and ClickHouse's zero time (1970-01-01).
 */
export function instant(at: string | number | Date | null | undefined): number | null {
  if (at === null || at === undefined || at === "") return null;
  let ms: number;
  if (at instanceof Date) ms = at.getTime();
  else if (typeof at === "number") ms = at;
  else {
    const s = at.trim();
    const bare = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s);
    ms = Date.parse(bare ? `${s.replace(" ", "T")}Z` : s);
  }
  return Number.isFinite(ms) && ms >= 86_400_000 ? ms : null;
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function partsIn(ms: number, zone: string): Parts {
  const f = formatter(zone, "parts", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(ms)) if (x.type !== "literal") p[x.type] = Number(x.value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour % 24, mi: p.minute, s: p.second };
}

/** The zone's offset from UTC at that instant, in ms (CET: +3,600,000). */
export function offsetMs(ms: number, zone: string): number {
  if (zone === UTC) return 0;
  const p = partsIn(ms, zone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/** The zone's short name at that instant: "UTC", "CET", "CEST", "EST", else "GMT+5:30". */
export function zoneLabel(zone: string, ms: number): string {
  if (zone === UTC) return UTC;
  // Each English locale abbreviates its own region's zones and writes GMT±h for the others.
  let fallback = "";
  for (const locale of ["en-US", "en-GB", "en-IN", "en-AU"]) {
    const name = formatter(zone, "label", { timeZoneName: "short" }, locale).formatToParts(ms).find((x) => x.type === "timeZoneName")?.value ?? "";
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name;
  }
  return fallback || zone;
}

const two = (n: number) => String(n).padStart(2, "0");

export interface TimeFormat {
  /** Include the date (default true). */
  date?: boolean;
  /** Include seconds (default true). */
  seconds?: boolean;
  /** Append the zone's label (default true). */
  label?: boolean;
}

/** '2026-12-01 19:42:31 UTC', '20:42:31 CET', '2026-12-01 20:42 CET'; '–' for no time. */
export function formatTime(at: string | number | Date | null | undefined, zone: string = UTC, f: TimeFormat = {}): string {
  const ms = instant(at);
  if (ms === null) return "–";
  const p = partsIn(ms, zone);
  const clock = `${two(p.h)}:${two(p.mi)}${f.seconds === false ? "" : `:${two(p.s)}`}`;
  const text = f.date === false ? clock : `${p.y}-${two(p.mo)}-${two(p.d)} ${clock}`;
  return f.label === false ? text : `${text} ${zoneLabel(zone, ms)}`;
}

/** A range input's text for an instant, in the zone: 'YYYY-MM-DD HH:MM'. */
export function wallClockText(at: string | number | Date | null | undefined, zone: string = UTC): string {
  return instant(at) === null ? "" : formatTime(at, zone, { seconds: false, label: false });
}

/**
 * A range input's 'YYYY-MM-DD HH:MM' (or with a T) read in the zone, as epoch ms; null when it is
 * not such a time. In a daylight-saving gap the hour that does not exist reads as the one after.
 */
export function parseWallClock(text: string, zone: string = UTC): number | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null; // 2026-02-31
  let t = wall - offsetMs(wall, zone);
  const again = wall - offsetMs(t, zone);
  if (again !== t) t = Math.max(t, again);
  return t;
}

/** An instant as the URL carries it: UTC ISO to the minute, '2026-12-01T19:42:00Z'. */
export function urlInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

/** How long ago, in words: "3 min ago", "2 h 5 min ago", "4 d ago". */
export function ago(at: string | number | Date | null | undefined, now: number): string {
  const ms = instant(at);
  if (ms === null) return "never";
  const min = Math.max(0, Math.round((now - ms) / 60_000));
  if (min < 1) return "just now";
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ""} ago`;
  return `${Math.floor(h / 24)} d ago`;
}

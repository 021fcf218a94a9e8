// Query parameters shared by the API routes: time windows (?from=&to=, ?at=) and ?limit=. Each
// is checked here, so a caller's mistake is a 400 naming the parameter, never an engine error.
import { ApiError } from "./api-route";

const RELATIVE = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;

// Times the database can hold and our queries can format (DateTime64 runs to 2299; before 1970
// there is no telemetry): outside these, e.g. ?from=0001-01-01, is the caller's mistake.
const MIN_MS = 0;
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

/** Epoch ms from an ISO time, epoch milliseconds, or a relative "15m" / "6h" / "7d" ago. */
export function parseTime(name: string, text: string | null, now: number): number | undefined {
  if (text === null || text === "") return undefined;
  const shown = JSON.stringify(text.slice(0, 60));
  const rel = RELATIVE.exec(text);
  // Date.parse alone is lenient past use ("-5" is May 2001): an ISO time starts with its date.
  const n = rel ? now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS] : /^\d{10,16}$/.test(text) ? Number(text) : ISO_DATE.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(n)) throw new ApiError(400, `${name} must be an ISO time, epoch milliseconds, or like 15m / 6h / 7d; got ${shown}`);
  if (n < MIN_MS || n > MAX_MS) throw new ApiError(400, `${name} must be between 1970-01-01 and 2299-12-31; got ${shown}`);
  return n;
}

export function parseWindow(url: URL, now = Date.now()): { from?: number; to?: number } {
  const from = parseTime("from", url.searchParams.get("from"), now);
  const to = parseTime("to", url.searchParams.get("to"), now);
  if (from !== undefined && to !== undefined && from >= to) throw new ApiError(400, "from must be before to");
  if (to !== undefined && to > now + 86_400_000) throw new ApiError(400, "to is more than a day in the future");
  return { from, to };
}

/** ?<name>= as a whole number of at least 1 (at most `max`: more is cut to it), `fallback` when absent. */
export function parseLimit(url: URL, name: string, fallback: number, max: number): number {
  const text = url.searchParams.get(name);
  if (text === null || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ApiError(400, `${name} must be a whole number of at least 1 (at most ${max} are returned); got ${JSON.stringify(text.slice(0, 40))}`);
  return Math.min(max, Number(text));
}

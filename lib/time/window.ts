// Times and windows from query parameters, one syntax for the API and the pages: an ISO time,
// epoch milliseconds, or a relative "15m" / "6h" / "7d" ago.
import { ValidationError } from "@/lib/errors";

/** A time range, epoch ms, [from, to). */
export interface TimeWindow {
  from: number;
  to: number;
}

const RELATIVE = /^(\d+)(m|h|d)$/;
export const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;

// Times the database can hold and our queries can format (DateTime64 runs to 2299; before 1970
// there is no telemetry): outside these, e.g. ?from=0001-01-01, is the caller's mistake.
const MIN_MS = 0;
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

/** A relative duration ("90m", "6h", "7d") in ms, or undefined. */
export function durationMs(text: string): number | undefined {
  const m = RELATIVE.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** Epoch ms of the text, or NaN when it is none of the accepted forms. */
export function instantMs(text: string, now: number): number {
  const rel = durationMs(text);
  if (rel !== undefined) return now - rel;
  // Date.parse alone is lenient past use ("-5" is May 2001): an ISO time starts with its date.
  return /^\d{10,16}$/.test(text) ? Number(text) : ISO_DATE.test(text) ? Date.parse(text) : NaN;
}

/** The instant named `name`, checked to be a time the database can hold; undefined when absent. */
export function parseTime(name: string, text: string | null | undefined, now: number): number | undefined {
  if (text === null || text === undefined || text === "") return undefined;
  const shown = JSON.stringify(text.slice(0, 60));
  const n = instantMs(text, now);
  if (!Number.isFinite(n)) throw new ValidationError(`${name} must be an ISO time, epoch milliseconds, or like 15m / 6h / 7d; got ${shown}`);
  if (n < MIN_MS || n > MAX_MS) throw new ValidationError(`${name} must be between 1970-01-01 and 2299-12-31; got ${shown}`);
  return n;
}

/** What is wrong with a window's order (from before to, to at most a day ahead), or null. */
export function windowProblem(from: number | undefined, to: number | undefined, now: number): string | null {
  if (from !== undefined && to !== undefined && from >= to) return "from must be before to";
  if (to !== undefined && to > now + 86_400_000) return "to is more than a day in the future";
  return null;
}

/** An optional ?from=&to= pair, checked. */
export function parseWindow(from: string | null | undefined, to: string | null | undefined, now: number): Partial<TimeWindow> {
  const f = parseTime("from", from, now);
  const t = parseTime("to", to, now);
  const problem = windowProblem(f, t, now);
  if (problem) throw new ValidationError(problem);
  return { from: f, to: t };
}

/** ?<name>= as a whole number of at least 1 (more than `max` is cut to it), `fallback` when absent. */
export function parseLimit(name: string, text: string | null | undefined, fallback: number, max: number): number {
  if (text === null || text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new ValidationError(`${name} must be a whole number of at least 1 (at most ${max} are returned); got ${JSON.stringify(text.slice(0, 40))}`);
  return Math.min(max, Number(text));
}

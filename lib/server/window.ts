// Time-window query parameters (?from=&to=) shared by the API routes and pages.
import { ApiError } from "./api-route";

const RELATIVE = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Epoch ms from an ISO time, epoch milliseconds, or a relative "15m" / "6h" / "7d" ago. */
export function parseTime(name: string, text: string | null, now: number): number | undefined {
  if (text === null || text === "") return undefined;
  const rel = RELATIVE.exec(text);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
  const n = /^\d{10,16}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw new ApiError(400, `${name} must be an ISO time, epoch milliseconds, or like 15m / 6h / 7d; got ${JSON.stringify(text.slice(0, 60))}`);
  return n;
}

export function parseWindow(url: URL, now = Date.now()): { from?: number; to?: number } {
  const from = parseTime("from", url.searchParams.get("from"), now);
  const to = parseTime("to", url.searchParams.get("to"), now);
  if (from !== undefined && to !== undefined && from >= to) throw new ApiError(400, "from must be before to");
  if (to !== undefined && to > now + 86_400_000) throw new ApiError(400, "to is more than a day in the future");
  return { from, to };
}

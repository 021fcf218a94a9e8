import { mapError } from "@/lib/server/api-route";

// Route segment values: Next.js may hand them over still percent-encoded; decode once, safely.
export function decodeSegment(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// The time-range validation of lib/ui/range.ts pageWindow throws plain Errors in our own words;
// they are the one kind besides ApiError that a page may show as they are.
const PAGE_WINDOW_MESSAGE = /^(from\/to must be ISO times|from must be before to$)/;

/**
 * What a page shows for an error, mapped by the same rule as the API (lib/server/api-route.ts
 * mapError): a caller's mistake in our words; otherwise a generic sentence with an error id under
 * which the error and its stack are in the server log. Never the engine's text.
 */
export const errorMessage = (e: unknown, where = "page"): string => {
  if (e instanceof Error && e.constructor === Error && PAGE_WINDOW_MESSAGE.test(e.message)) return e.message.slice(0, 300);
  const m = mapError(e, where);
  if (!m.errorId) return m.message.slice(0, 300);
  if (m.status === 503) return `The database (ClickHouse) is unavailable; the page retries on its own. error id ${m.errorId}`;
  return `Something went wrong on the server. error id ${m.errorId}`;
};

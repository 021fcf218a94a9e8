// What a page shows for an error, mapped by the same rule as the API (mapError in
// server/http/api-route.ts): a caller's mistake in our words; otherwise a generic sentence and the
// error id under which the error and its stack are in the server log. Never the engine's text.
import { mapError } from "./api-route";

export interface PageError {
  /** Our own words, without the error id. */
  message: string;
  /** Set for a server-side failure: the id in the server log. */
  errorId?: string;
}

export function pageError(e: unknown, where = "page"): PageError {
  const m = mapError(e, where);
  if (!m.errorId) return { message: m.message.slice(0, 300) };
  if (m.status === 503) return { message: "The database (ClickHouse) is unavailable; the page retries on its own.", errorId: m.errorId };
  return { message: "Something went wrong on the server.", errorId: m.errorId };
}

/** The same as one line of text (for places that show a sentence, not a banner). */
export function pageErrorText(p: PageError): string {
  return p.errorId ? `${p.message} error id ${p.errorId}` : p.message;
}

export const errorMessage = (e: unknown, where = "page"): string => pageErrorText(pageError(e, where));

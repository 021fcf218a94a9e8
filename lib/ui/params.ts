// Route segment values: Next.js may hand them over still percent-encoded; decode once, safely.
export function decodeSegment(s: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|Timeout error|database is unavailable/i;

/** A message a person can act on: connection failures name the database. */
export const errorMessage = (e: unknown): string => {
  const text = e instanceof Error ? e.message : String(e);
  return (UNREACHABLE.test(text) ? `The database (ClickHouse) is unavailable: ${text}` : text).slice(0, 500);
};

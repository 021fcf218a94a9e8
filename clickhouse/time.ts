// ClickHouse DateTime64 text in UTC. Inserting numbers into DateTime64 is not portable
// between chdb and servers, so every timestamp goes in as this text.

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** Nanoseconds since the epoch → 'YYYY-MM-DD hh:mm:ss.nnnnnnnnn' (UTC). */
export function chTimeNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = ns % 1_000_000_000n;
  const d = new Date(ms - (ms % 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(Number(frac), 9)}`;
}

/** Milliseconds since the epoch → 'YYYY-MM-DD hh:mm:ss.mmm' (UTC). */
export function chTimeMs(ms: number): string {
  return chTimeNs(BigInt(Math.round(ms)) * 1_000_000n).slice(0, 23);
}

/** ClickHouse DateTime text (UTC, as returned in JSON) → epoch milliseconds. */
export function parseChTime(s: string): number {
  return Date.parse(s.replace(" ", "T") + (s.endsWith("Z") ? "" : "Z"));
}

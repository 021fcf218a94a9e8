// Strings the engine would refuse: ClickHouse parses the JSON we send strictly, and a lone UTF-16
// surrogate ("\ud800", which JSON.stringify writes as that escape) fails the whole INSERT with
// CANNOT_PARSE_ESCAPE_SEQUENCE, and with it every other sender's rows group-committed into it.
// Lone surrogates arrive from OTLP/JSON escapes, and are made by truncating a string in the
// middle of a surrogate pair (an emoji at the 4,096th character of an attribute). Every string of
// every row is made well-formed, replacing each lone surrogate with U+FFFD (what a UTF-8 decoder
// does with bytes it cannot read, so protobuf and JSON senders end up with the same text); the
// record is kept. Deployment names are the exception: they are identities and are rejected
// instead (ingest/map/resource.ts).
import type { TableRows } from "@/clickhouse/rows";

// ES2024 String methods (Node >= 20); the project's TypeScript lib stops at ES2023.
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

export function isWellFormed(s: string): boolean {
  return (s as WellFormedString).isWellFormed();
}

export function toWellFormed(s: string): string {
  return (s as WellFormedString).toWellFormed();
}

/** Makes a string map well-formed in place (keys and values); returns how many strings changed. */
function fixMap(row: Record<string, unknown>, field: string, map: Record<string, unknown>): number {
  let bad = 0;
  for (const k in map) {
    const v = map[k];
    if (!isWellFormed(k)) bad++;
    if (typeof v === "string" && !isWellFormed(v)) bad++;
  }
  if (bad === 0) return 0;
  const out: Record<string, unknown> = {};
  for (const k in map) {
    const v = map[k];
    out[toWellFormed(k)] = typeof v === "string" ? toWellFormed(v) : v;
  }
  row[field] = out;
  return bad;
}

/** Replaces lone surrogates in every string of every row (in place); returns how many strings changed. */
export function makeRowsWellFormed(rows: Partial<TableRows>): number {
  let changed = 0;
  for (const table in rows) {
    const list = rows[table as keyof TableRows] as Record<string, unknown>[] | undefined;
    if (!list) continue;
    // Rows of one table share their fields (the mappers build them with one literal each).
    const fields = list.length ? Object.keys(list[0]) : [];
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f];
        const v = row[field];
        if (typeof v === "string") {
          if (!isWellFormed(v)) {
            row[field] = toWellFormed(v);
            changed++;
          }
        } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
          changed += fixMap(row, field, v as Record<string, unknown>);
        }
      }
    }
  }
  return changed;
}

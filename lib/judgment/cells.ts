// The cells a record belongs to, exactly as the materialized views form them (SLICE_CELLS in
// clickhouse/migrate.ts): the whole deployment, every single dimension, and pairs among the
// first six dimensions in sorted order, named 'a×b' = 'va×vb'.
export interface CellId {
  dimension: string;
  value: string;
}

export const OVERALL: CellId = { dimension: "", value: "" };
export const PAIR_SEPARATOR = "×";
/** Pairs are formed among this many dimensions of a record (alphabetical). */
export const PAIR_DIMENSIONS = 6;

export const cellKey = (c: CellId): string => `${c.dimension}\u0000${c.value}`;

export function parseCellKey(k: string): CellId {
  const i = k.indexOf("\u0000");
  return { dimension: k.slice(0, i), value: k.slice(i + 1) };
}

export const isPair = (dimension: string): boolean => dimension.includes(PAIR_SEPARATOR);

/** Cell keys of a record with these slices: overall first, then singles, then pairs. */
export function cellKeysOf(slices: Record<string, string>): string[] {
  const dims = Object.keys(slices).sort();
  const out = ["\u0000"];
  for (const d of dims) out.push(`${d}\u0000${slices[d]}`);
  const p = Math.min(dims.length, PAIR_DIMENSIONS);
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      out.push(`${dims[i]}${PAIR_SEPARATOR}${dims[j]}\u0000${slices[dims[i]]}${PAIR_SEPARATOR}${slices[dims[j]]}`);
    }
  }
  return out;
}

export const cellLabel = (c: CellId): string => (c.dimension === "" ? "the whole deployment" : `${c.dimension}=${c.value}`);

// The slice heatmap of the persisted verdict: for a pair of dimensions A×B, rows = values of A,
// columns = values of B, each cell the pair cell's status, effect and n; the single-dimension
// cells on the margins and the whole deployment in the corner. Also the second-dimension
// breakdown of a slice page. Pure: the verdict already holds every cell, small ones included.
import { isPair, PAIR_SEPARATOR } from "@/lib/judgment/cells";
import type { CellVerdict, Status, Verdict } from "@/lib/judgment/types";
import { effectOf, worstCheck, type Effect } from "./effect";
import { STATUS_RANK } from "./status";

/** Rows and columns shown at most, by default (a dimension keeps up to 200 values: LIMITS.sliceValuesPerDimension). */
export const HEATMAP_AXIS_CAP = 30;

export interface HeatCell {
  dimension: string;
  value: string;
  status: Status;
  n: { shadow: number; arms: number };
  /** Request pairs in the cell: the larger of shadow and arms pairs. */
  pairs: number;
  /** The worst check's effect; null when no check judges the cell. */
  effect: Effect | null;
  /** Too few requests to say anything yet: shown greyed, never dropped. */
  few: boolean;
  /** The verdict's worst cell. */
  worst: boolean;
}

export interface HeatAxis {
  dimension: string;
  /** The values shown, worst first, then busiest. */
  values: string[];
  /** The single-dimension cell of each shown value (null when the verdict has none). */
  margin: (HeatCell | null)[];
  /** Values of the dimension in the verdict (shown or not). */
  total: number;
  /** The worst status among the values not shown (null when all are shown). */
  hiddenWorst: Status | null;
}

export interface Heatmap {
  pair: string;
  rows: HeatAxis;
  cols: HeatAxis;
  /** grid[row][col]: the pair cell, or null when no request had both values. */
  grid: (HeatCell | null)[][];
  corner: HeatCell | null;
  /** Pair cells in the verdict outside the shown rows and columns. */
  hiddenCells: number;
}

const worse = (a: Status, b: Status): Status => (STATUS_RANK[a] <= STATUS_RANK[b] ? a : b);

export function heatCell(c: CellVerdict, verdict: Verdict): HeatCell {
  const w = verdict.worstCell;
  const isWorst = !!w && w.dimension === c.dimension && w.value === c.value;
  const check = worstCheck(c.checks, isWorst ? w.check : null);
  return {
    dimension: c.dimension,
    value: c.value,
    status: c.status,
    n: c.n,
    pairs: Math.max(c.n.shadow, c.n.arms),
    effect: check ? effectOf(check) : null,
    few: c.status === "insufficient_data",
    worst: isWorst,
  };
}

/** The two dimensions of a pair dimension name ('a×b'), or null for a single dimension. */
export function splitPair(pair: string): [string, string] | null {
  const parts = pair.split(PAIR_SEPARATOR);
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : null;
}

/**
 * A pair cell's two values. Slice values may themselves contain '×', so prefer the split whose
 * halves are known values of the two dimensions; else the first '×'.
 */
export function splitValue(value: string, known?: { a: Set<string>; b: Set<string> }): [string, string] {
  const cuts: number[] = [];
  for (let i = value.indexOf(PAIR_SEPARATOR); i >= 0; i = value.indexOf(PAIR_SEPARATOR, i + 1)) cuts.push(i);
  if (cuts.length === 0) return [value, ""];
  const at = (i: number): [string, string] => [value.slice(0, i), value.slice(i + PAIR_SEPARATOR.length)];
  if (known && cuts.length > 1) {
    const both = cuts.find((i) => known.a.has(at(i)[0]) && known.b.has(at(i)[1]));
    if (both !== undefined) return at(both);
  }
  return at(cuts[0]);
}

/** The pair dimensions the verdict has cells of, sorted. */
export function pairDimensions(verdict: Verdict): string[] {
  return [...new Set(verdict.cells.filter((c) => isPair(c.dimension) && splitPair(c.dimension)).map((c) => c.dimension))].sort();
}

/**
 * The pair the drill-down opens on: the worst cell's when it is a pair; else the first pair
 * holding the worst cell's dimension; else the first pair.
 */
export function defaultPair(verdict: Verdict, pairs: string[] = pairDimensions(verdict)): string | null {
  const w = verdict.worstCell;
  if (w && pairs.includes(w.dimension)) return w.dimension;
  if (w && w.dimension) {
    const holding = pairs.find((p) => splitPair(p)?.includes(w.dimension));
    if (holding) return holding;
  }
  return pairs[0] ?? null;
}

/**
 * The comparison table's default dimension: the worst cell's (its first dimension, for a pair:
 * the heatmap's rows), when the table offers it; else the first dimension offered.
 */
export function defaultDimension(verdict: Verdict | null, dimensions: string[]): string {
  const w = verdict?.worstCell;
  if (w && w.dimension) {
    const d = splitPair(w.dimension)?.[0] ?? w.dimension;
    if (dimensions.includes(d)) return d;
    if (dimensions.includes(w.dimension)) return w.dimension;
  }
  return dimensions[0] ?? "";
}

interface Line {
  value: string;
  margin: HeatCell | null;
  cells: HeatCell[];
}

function order(lines: Map<string, Line>): Line[] {
  const status = (l: Line) => l.cells.reduce((s, c) => worse(s, c.status), l.margin?.status ?? "pass");
  const n = (l: Line) => l.margin?.pairs ?? l.cells.reduce((s, c) => s + c.pairs, 0);
  return [...lines.values()].sort((x, y) => STATUS_RANK[status(x)] - STATUS_RANK[status(y)] || n(y) - n(x) || x.value.localeCompare(y.value));
}

function axis(dimension: string, lines: Line[], cap: number): HeatAxis {
  const shown = lines.slice(0, cap);
  const rest = lines.slice(cap);
  let hiddenWorst: Status | null = null;
  for (const l of rest) for (const s of [l.margin?.status, ...l.cells.map((c) => c.status)]) if (s) hiddenWorst = hiddenWorst ? worse(hiddenWorst, s) : s;
  return { dimension, values: shown.map((l) => l.value), margin: shown.map((l) => l.margin), total: lines.length, hiddenWorst };
}

/** The heatmap of one pair dimension, or null when the verdict has no cells of it. */
export function heatmapOf(verdict: Verdict, pair: string, opts: { cap?: number } = {}): Heatmap | null {
  const dims = splitPair(pair);
  if (!dims) return null;
  const [a, b] = dims;
  const cap = Math.max(1, opts.cap ?? HEATMAP_AXIS_CAP);
  const rows = new Map<string, Line>();
  const cols = new Map<string, Line>();
  const line = (m: Map<string, Line>, value: string) => {
    let l = m.get(value);
    if (!l) m.set(value, (l = { value, margin: null, cells: [] }));
    return l;
  };
  let corner: HeatCell | null = null;
  const pairCells: CellVerdict[] = [];
  for (const c of verdict.cells) {
    if (c.dimension === "") corner = heatCell(c, verdict);
    else if (c.dimension === a) line(rows, c.value).margin = heatCell(c, verdict);
    else if (c.dimension === b) line(cols, c.value).margin = heatCell(c, verdict);
    else if (c.dimension === pair) pairCells.push(c);
  }
  if (pairCells.length === 0) return null;
  const known = { a: new Set(rows.keys()), b: new Set(cols.keys()) };
  const byValues = new Map<string, HeatCell>();
  for (const c of pairCells) {
    const [va, vb] = splitValue(c.value, known);
    const h = heatCell(c, verdict);
    byValues.set(`${va}\u0000${vb}`, h);
    line(rows, va).cells.push(h);
    line(cols, vb).cells.push(h);
  }
  const rowAxis = axis(a, order(rows), cap);
  const colAxis = axis(b, order(cols), cap);
  const grid = rowAxis.values.map((va) => colAxis.values.map((vb) => byValues.get(`${va}\u0000${vb}`) ?? null));
  const shownCells = grid.reduce((s, r) => s + r.filter(Boolean).length, 0);
  return { pair, rows: rowAxis, cols: colAxis, grid, corner, hiddenCells: pairCells.length - shownCells };
}

export interface Breakdown {
  /** The slice broken down: a single dimension's cell. */
  dimension: string;
  value: string;
  /** The second dimensions with pair cells for this slice. */
  options: string[];
  /** The one chosen (null when there is none). */
  by: string | null;
  /** The pair dimension of (dimension, by), names sorted. */
  pair: string | null;
  /** The pair cells of this slice by `by`, worst first, then busiest; `byValue` is by's value. */
  cells: (HeatCell & { byValue: string })[];
}

/**
 * A single-dimension slice A=v broken down by a second dimension B: the pair cells A×B (or B×A,
 * names sorted) whose A is v. `by` defaults to the dimension holding the slice's worst pair cell.
 */
export function breakdownOf(verdict: Verdict, dimension: string, value: string, by?: string): Breakdown {
  const empty: Breakdown = { dimension, value, options: [], by: null, pair: null, cells: [] };
  if (!dimension || isPair(dimension)) return empty;
  const singles = singleValues(verdict);
  const groups = new Map<string, (HeatCell & { byValue: string })[]>();
  for (const c of verdict.cells) {
    const dims = splitPair(c.dimension);
    if (!dims || !dims.includes(dimension)) continue;
    const first = dims[0] === dimension;
    const other = first ? dims[1] : dims[0];
    const [va, vb] = splitValue(c.value, { a: singles(dims[0]), b: singles(dims[1]) });
    if ((first ? va : vb) !== value) continue;
    const list = groups.get(other) ?? [];
    list.push({ ...heatCell(c, verdict), byValue: first ? vb : va });
    groups.set(other, list);
  }
  const options = [...groups.keys()].sort();
  if (options.length === 0) return empty;
  const rank = (cells: HeatCell[]) => Math.min(...cells.map((c) => STATUS_RANK[c.status]));
  const chosen = by && groups.has(by) ? by : [...options].sort((x, y) => rank(groups.get(x)!) - rank(groups.get(y)!) || x.localeCompare(y))[0];
  const cells = groups.get(chosen)!.sort((x, y) => STATUS_RANK[x.status] - STATUS_RANK[y.status] || y.pairs - x.pairs || x.byValue.localeCompare(y.byValue));
  return { dimension, value, options, by: chosen, pair: c2(dimension, chosen), cells };
}

const c2 = (x: string, y: string) => [x, y].sort().join(PAIR_SEPARATOR);

/** The values of each single dimension in the verdict (to split pair values that contain '×'). */
function singleValues(verdict: Verdict): (d: string) => Set<string> {
  const m = new Map<string, Set<string>>();
  for (const c of verdict.cells) if (c.dimension && !isPair(c.dimension)) m.set(c.dimension, (m.get(c.dimension) ?? new Set()).add(c.value));
  return (d) => m.get(d) ?? new Set();
}

/** A pair slice's two single-dimension cells (its margins), those the verdict has. */
export function parentsOf(verdict: Verdict, dimension: string, value: string): HeatCell[] {
  const dims = splitPair(dimension);
  if (!dims) return [];
  const singles = singleValues(verdict);
  const [va, vb] = splitValue(value, { a: singles(dims[0]), b: singles(dims[1]) });
  const out: HeatCell[] = [];
  for (const [d, v] of [[dims[0], va], [dims[1], vb]] as const) {
    const c = verdict.cells.find((x) => x.dimension === d && x.value === v);
    if (c) out.push(heatCell(c, verdict));
  }
  return out;
}

// Groups the query rows into cells: (dimension, value) with both arms' requests, the shadow
// aggregates, latency samples and drift rows. Pairs of dimensions are kept only when both
// arms reach minSamples (they multiply quickly and are mostly tiny).
import { cellKey, type ComparisonInput, type DriftRow, type RequestRow, type SampleSet, type ShadowRow } from "./data";

export interface Cell {
  dimension: string;
  value: string;
  requests: { baseline?: RequestRow; canary?: RequestRow };
  shadow?: ShadowRow;
  samples?: SampleSet;
  drift: DriftRow[];
}

export function buildCells(input: ComparisonInput, minSamples: number): Cell[] {
  const cells = new Map<string, Cell>();
  const get = (dimension: string, value: string): Cell => {
    const k = cellKey(dimension, value);
    let c = cells.get(k);
    if (!c) cells.set(k, (c = { dimension, value, requests: {}, drift: [] }));
    return c;
  };
  get("", "");
  for (const r of input.requests) {
    if (r.arm === "baseline" || r.arm === "canary") get(r.dimension, r.value).requests[r.arm] = r;
  }
  for (const s of input.shadow) get(s.dimension, s.value).shadow = s;
  for (const s of input.samples) get(s.dimension, s.value).samples = s;
  for (const d of input.drift) get(d.dimension, d.value).drift.push(d);
  const keep = (c: Cell) => {
    if (!c.dimension.includes("×")) return true;
    const req = Math.min(c.requests.baseline?.requests ?? 0, c.requests.canary?.requests ?? 0);
    return req >= minSamples || (c.shadow?.pairs ?? 0) >= minSamples;
  };
  return [...cells.values()].filter(keep).sort((a, b) => (a.dimension === b.dimension ? a.value.localeCompare(b.value) : a.dimension.localeCompare(b.dimension)));
}

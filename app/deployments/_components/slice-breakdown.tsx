// A slice page's second dimension: for a single-dimension slice A=v, the pair cells A×B with A=v
// for a chosen B (?by=B), one tile per value of B, each linked to its pair slice page. For a pair
// slice, its two single-dimension cells instead (the heatmap's margins it sits between).
import { HEATMAP_AXIS_CAP, type Breakdown, type HeatCell } from "@/lib/view/heatmap";
import { cellData, HeatTile } from "./slice-heatmap";

export interface SliceBreakdownProps {
  breakdown: Breakdown;
  /** For a pair slice: its single-dimension cells. */
  parents: HeatCell[];
  deployment: string;
  /** The slice page's path and state (range, from, to), kept by the picker. */
  path: string;
  state: Record<string, string>;
  query: string;
}

const href = (path: string, state: Record<string, string>, by: string) => `${path}?${new URLSearchParams({ ...state, by })}`;

export function SliceBreakdown({ breakdown: b, parents, deployment, path, state, query }: SliceBreakdownProps) {
  if (parents.length > 0) {
    return (
      <section aria-label="within" className="space-y-1" data-testid="slice-parents">
        <h2 className="text-sm font-semibold">This pair within each of its dimensions</h2>
        <ul className="flex flex-wrap gap-2">
          {parents.map((c) => (
            <li key={c.dimension} data-testid="parent-cell" {...cellData(c)}>
              <p className="text-[11px] text-slate-600">{c.dimension}={c.value}, any other</p>
              <HeatTile cell={c} deployment={deployment} query={query} />
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (!b.by) return null;
  const tile = (c: Breakdown["cells"][number]) => (
    <li key={c.value} data-testid="breakdown-cell" data-by-value={c.byValue} {...cellData(c)}>
      <p className="max-w-[10rem] truncate text-[11px] font-medium text-slate-700" title={c.byValue}>{b.by}={c.byValue}</p>
      <HeatTile cell={c} deployment={deployment} query={query} />
    </li>
  );
  return (
    <section aria-label="break down by" className="space-y-2" data-testid="slice-breakdown" data-by={b.by}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 className="font-semibold">
          {b.dimension}={b.value} broken down by {b.by}
        </h2>
        {b.options.length > 1 && (
          <nav aria-label="break down by" className="flex flex-wrap items-center gap-1 text-xs" data-testid="breakdown-options">
            <span className="text-slate-600">by</span>
            {b.options.map((o) => (
              // A plain link (a full load): the slice page is heavy, and a slow client-side
              // navigation can be overtaken by the page's auto-refresh.
              <a
                key={o}
                href={href(path, state, o)}
                aria-current={o === b.by ? "page" : undefined}
                data-testid="breakdown-option"
                data-by={o}
                className={`rounded border px-1.5 py-0.5 ${o === b.by ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
              >
                {o}
              </a>
            ))}
          </nav>
        )}
      </div>
      <ul className="flex flex-wrap gap-2">{b.cells.slice(0, HEATMAP_AXIS_CAP).map(tile)}</ul>
      {b.cells.length > HEATMAP_AXIS_CAP && (
        <details data-testid="breakdown-more">
          <summary className="cursor-pointer text-xs text-slate-700">{b.cells.length - HEATMAP_AXIS_CAP} more values of {b.by}</summary>
          <ul className="mt-2 flex flex-wrap gap-2">{b.cells.slice(HEATMAP_AXIS_CAP).map(tile)}</ul>
        </details>
      )}
      <p className="text-xs text-slate-500">Worst first, then busiest; each tile is the pair cell {b.pair}, with every request of {b.dimension}={b.value} that also carried {b.by}.</p>
    </section>
  );
}

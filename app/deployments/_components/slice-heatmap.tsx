// The slice heatmap: dimension A × dimension B from the persisted verdict, the single dimensions
// on the margins and all traffic in the corner. Each cell: status (icon + word + colour), the
// worst check's effect and n, linked to its slice page. Small cells are shown greyed, never
// dropped; a long axis shows its worst values first and says how many more there are.
import Link from "next/link";
import type { Verdict } from "@/lib/judgment/types";
import { slicePath } from "@/lib/view/comparison";
import { count } from "@/lib/view/format";
import { HEATMAP_AXIS_CAP, heatmapOf, type HeatCell } from "@/lib/view/heatmap";
import { STATUS_ICON, STATUS_WORD, statusClass } from "@/app/_components/status";

type Role = "pair" | "row-margin" | "col-margin" | "corner";

export interface SliceHeatmapProps {
  verdict: Verdict;
  deployment: string;
  /** The pair dimensions to pick from, and the one shown. */
  pairs: string[];
  pair: string | null;
  /** The page's own path and state (range, from, to, dim…), kept by the picker's links. */
  path: string;
  state: Record<string, string>;
  /** The range query (?range=… or ?from=&to=) every cell link keeps. */
  query: string;
  /** Show every value, not only the first HEATMAP_AXIS_CAP of each axis. */
  all?: boolean;
}

const href = (path: string, state: Record<string, string>, change: Record<string, string | null>) => {
  const q = new URLSearchParams(state);
  for (const [k, v] of Object.entries(change)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
};

const cellName = (c: HeatCell) => (c.dimension === "" ? "all traffic" : `${c.dimension}=${c.value}`);

const cellLabel = (c: HeatCell) => `${cellName(c)}: ${STATUS_WORD[c.status]}${c.effect ? `, ${c.effect.label}` : ""}, n ${count(c.pairs)}${c.few ? ", few requests" : ""}`;

/** One cell as a link to its slice page: icon + word on the status colour, effect, n (greyed when few). Not prefetched: a full grid would prefetch hundreds of pages. */
export function HeatTile({ cell, deployment, query, strong = false }: { cell: HeatCell; deployment: string; query: string; strong?: boolean }) {
  const label = cellLabel(cell);
  return (
    <Link
      prefetch={false}
      href={`${slicePath(deployment, cell.dimension, cell.value)}${query}`}
      aria-label={label}
      title={`${label}${cell.effect ? `\n${cell.effect.detail}` : ""}`}
      className={`block min-w-[7.5rem] rounded border px-1.5 py-1 leading-tight hover:ring-2 hover:ring-slate-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600 ${statusClass(cell.status)} ${cell.few ? "border-dashed opacity-70" : ""} ${cell.worst ? "ring-2 ring-slate-900" : ""} ${strong ? "font-medium" : ""}`}
    >
      <span className="flex items-center gap-1 whitespace-nowrap text-xs font-semibold">
        <span aria-hidden>{STATUS_ICON[cell.status]}</span>
        {STATUS_WORD[cell.status]}
        {cell.worst && <span className="ml-auto rounded bg-slate-900 px-1 text-[10px] font-medium text-white">worst</span>}
      </span>
      <span className="block truncate whitespace-nowrap text-[11px] tabular-nums" data-testid="heatmap-effect">{cell.effect?.label ?? "no check"}</span>
      <span className="block whitespace-nowrap text-[11px] tabular-nums opacity-80" data-testid="heatmap-n">
        n {count(cell.pairs)}
        {cell.few && <span className="ml-1 italic" data-testid="few-requests">· few requests</span>}
      </span>
    </Link>
  );
}

/** The data attributes tests and scripts read a cell by. */
export const cellData = (c: HeatCell) => ({
  "data-dimension": c.dimension,
  "data-value": c.value,
  "data-status": c.status,
  "data-n": c.pairs,
  "data-few": c.few || undefined,
  "data-worst": c.worst || undefined,
  "data-metric": c.effect?.metric,
});

function Cell({ cell, role, deployment, query }: { cell: HeatCell | null; role: Role; deployment: string; query: string }) {
  if (!cell) {
    return (
      <td className="border border-slate-100 bg-white p-0.5" data-testid="heatmap-empty" data-role={role}>
        <span className="block px-1.5 py-1 text-center text-[11px] text-slate-400" title="no request had both values">no requests</span>
      </td>
    );
  }
  const margin = role !== "pair";
  return (
    <td className={`p-0.5 ${margin ? "bg-slate-50" : ""}`} data-testid="heatmap-cell" data-role={role} {...cellData(cell)}>
      <HeatTile cell={cell} deployment={deployment} query={query} strong={margin} />
    </td>
  );
}

export function SliceHeatmap({ verdict, deployment, pairs, pair, path, state, query, all = false }: SliceHeatmapProps) {
  const map = pair ? heatmapOf(verdict, pair, all ? { cap: Number.MAX_SAFE_INTEGER } : {}) : null;
  return (
    <section aria-label="slice heatmap" className="space-y-2" data-testid="slice-heatmap" data-pair={map?.pair ?? ""}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-semibold">
          Every slice{map ? <> · <span data-testid="heatmap-title">{map.rows.dimension} × {map.cols.dimension}</span></> : null}
        </h2>
        {pairs.length > 0 && (
          <nav aria-label="pair of dimensions" className="flex flex-wrap items-center gap-1 text-xs" data-testid="heatmap-pairs">
            <span className="text-slate-600">pair</span>
            {pairs.map((p) => (
              <Link
                prefetch={false}
                key={p}
                href={href(path, state, { pair: p })}
                scroll={false}
                aria-current={p === map?.pair ? "page" : undefined}
                data-testid="heatmap-pair"
                data-pair={p}
                className={`rounded border px-1.5 py-0.5 ${p === map?.pair ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
              >
                {p}
              </Link>
            ))}
          </nav>
        )}
      </div>
      {!map ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600" data-testid="heatmap-none">
          {pairs.length === 0
            ? "No pair cells in the verdict yet: a heatmap needs requests that carry at least two slice dimensions (quantlens.slice.*)."
            : `No cells of ${pair} in the verdict.`}
        </p>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-1">
            <table className="border-separate border-spacing-0 text-sm" data-testid="heatmap-grid">
              <caption className="sr-only">
                Verdict per cell of {map.rows.dimension} (rows) × {map.cols.dimension} (columns), with each value over all of the other dimension on the margins and all traffic in the corner
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="px-2 py-1 text-left text-xs font-normal text-slate-500">
                    {map.rows.dimension} ↓ · {map.cols.dimension} →
                  </th>
                  {map.cols.values.map((v) => (
                    <th key={v} scope="col" className="max-w-[10rem] truncate px-1 py-1 text-left text-xs font-medium text-slate-700" title={v}>{v}</th>
                  ))}
                  <th scope="col" className="px-1 py-1 text-left text-xs font-medium text-slate-500">any {map.cols.dimension}</th>
                </tr>
              </thead>
              <tbody>
                {map.rows.values.map((va, i) => (
                  <tr key={va} data-testid="heatmap-row" data-value={va}>
                    <th scope="row" className="max-w-[10rem] truncate px-2 py-1 text-left text-xs font-medium text-slate-700" title={va}>{va}</th>
                    {map.grid[i].map((c, j) => (
                      <Cell key={map.cols.values[j]} cell={c} role="pair" deployment={deployment} query={query} />
                    ))}
                    <Cell cell={map.rows.margin[i]} role="row-margin" deployment={deployment} query={query} />
                  </tr>
                ))}
                <tr data-testid="heatmap-margin-row">
                  <th scope="row" className="px-2 py-1 text-left text-xs font-medium text-slate-500">any {map.rows.dimension}</th>
                  {map.cols.margin.map((c, j) => (
                    <Cell key={map.cols.values[j]} cell={c} role="col-margin" deployment={deployment} query={query} />
                  ))}
                  <Cell cell={map.corner} role="corner" deployment={deployment} query={query} />
                </tr>
              </tbody>
            </table>
          </div>
          {(map.rows.values.length < map.rows.total || map.cols.values.length < map.cols.total) && (
            <p className="text-xs text-slate-700" data-testid="heatmap-more">
              Showing the worst {map.rows.values.length} of {map.rows.total} {map.rows.dimension} values and {map.cols.values.length} of {map.cols.total} {map.cols.dimension} values
              ({map.hiddenCells} more cells{[map.rows.hiddenWorst, map.cols.hiddenWorst].some((s) => s === "fail" || s === "marginal") ? ", some not passing" : ""}).{" "}
              <Link prefetch={false} className="text-blue-700 hover:underline" href={href(path, state, { heat: "all" })} scroll={false} data-testid="heatmap-all">Show all</Link> ·{" "}
              <Link prefetch={false} className="text-blue-700 hover:underline" href={href(path, state, { dim: map.pair })} scroll={false}>every {map.pair} cell in the table</Link>
            </p>
          )}
          {all && (map.rows.total > HEATMAP_AXIS_CAP || map.cols.total > HEATMAP_AXIS_CAP) && (
            <p className="text-xs text-slate-600">
              Showing every value. <Link prefetch={false} className="text-blue-700 hover:underline" href={href(path, state, { heat: null })} scroll={false}>Show the worst {HEATMAP_AXIS_CAP} only</Link>
            </p>
          )}
          <p className="text-xs text-slate-500">
            Each cell: the verdict, the worst check&apos;s effect (canary against baseline; agreement metrics against the rest of the traffic) and n request pairs. Dashed and greyed: too few requests to judge yet. Rows and columns run worst first; the last column and row are each value over all of the other dimension, the corner all traffic.
          </p>
        </>
      )}
      {verdict.notJudged > 0 && (
        <p className="text-xs text-amber-900" data-testid="heatmap-not-judged">
          {count(verdict.notJudged)} more cells were seen but not judged: the policy&apos;s max_cells was reached (docs/policy.md). They are in no heatmap, table or API answer until the limit is raised.
        </p>
      )}
    </section>
  );
}

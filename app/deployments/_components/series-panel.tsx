// The time-series charts of one cell (server component: queries, then plain data to the charts).
// Every chart spans the page's window on one shared axis; the charts of failing checks come first.
import { ErrorBanner } from "@/app/_components/error-banner";
import { SeriesChart } from "@/app/_components/charts/series-chart";
import { cellLabel, type CellId } from "@/lib/judgment/cells";
import type { Verdict } from "@/lib/judgment/types";
import type { TimeWindow } from "@/lib/time/window";
import type { FormatKind } from "@/lib/view/format-kind";
import { pageError } from "@/server/http/page-errors";
import { cellSeries, type CellSeries, type SliceCell } from "@/server/services/telemetry";
import { agreementChart, cellParam, chartAxis, chartCell, chartOrder, klChart, latencyChart, memoryChart, rateChart, scoreChart, withParam, yDomain, type CellChoice, type ChartAxis, type ChartId, type ChartRow } from "@/lib/view/series";
import { DriftCharts } from "./drift-charts";

const hhmm = (ms: number, multiDay: boolean) => {
  const iso = new Date(ms).toISOString();
  return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
};

interface ChartSpec {
  title: string;
  testId: string;
  format: FormatKind;
  note?: string;
  chart: { data: ChartRow[]; categories: string[]; colors: string[] };
  connectNulls?: boolean;
}

function specs(loaded: CellSeries, axis: ChartAxis, isOverall: boolean): Record<ChartId, ChartSpec> {
  const { requests, shadow, overallShadow, memory } = loaded;
  return {
    score: { title: "Task score (mean per pair, both arms)", testId: "chart-score", format: "pct", chart: scoreChart(shadow, axis), note: "blue: baseline · orange: canary; pairs scored on both arms" },
    kl: {
      title: "KL divergence, canary ‖ baseline (mean per pair)",
      testId: "chart-kl",
      format: "num",
      chart: klChart(shadow, axis, isOverall ? undefined : overallShadow),
      note: isOverall ? "one value per request pair: there is no baseline line" : "this slice vs the rest of the traffic (one value per request pair: there is no baseline line)",
    },
    agreement: { title: "Shadow agreement (canary vs baseline output)", testId: "chart-agreement", format: "pct", chart: agreementChart(shadow, axis), note: "exact-match rate and mean token agreement" },
    latency: { title: "Latency p50 / p95 / p99", testId: "chart-latency", format: "ms", chart: latencyChart(requests, axis), note: "blue: baseline · orange: canary; darker = higher quantile" },
    fallback: { title: "Fallback rate", testId: "chart-fallback", format: "pct", chart: rateChart(requests, axis, "fallbacks"), note: "blue: baseline · orange: canary" },
    errors: { title: "Error rate", testId: "chart-errors", format: "pct", chart: rateChart(requests, axis, "errors"), note: "blue: baseline · orange: canary" },
    memory: { title: "Peak memory by kind (whole deployment)", testId: "chart-memory", format: "bytes", chart: memoryChart(memory, axis), connectNulls: true, note: "weights, kv_cache, activations; memory is reported per arm, not per slice; lines join the samples" },
  };
}

/** Links between the verdict's worst cell and all traffic, keeping the page's other parameters. */
function CellSwitch({ choice, worst, path, query }: { choice: CellChoice; worst: CellId | null; path: string; query: string }) {
  const item = (label: string, value: string, on: boolean, testId: string) => (
    // A plain link (a document navigation): a soft navigation can queue behind the page's 10 s
    // auto-refresh on a slow server and seem to do nothing.
    <a href={`${path}${withParam(query, "cell", value)}`} aria-current={on ? "true" : undefined} data-testid={testId} className={`border-r border-slate-200 px-2.5 py-1 last:border-r-0 ${on ? "bg-slate-800 font-medium text-white" : "text-slate-700 hover:bg-slate-100"}`}>
      {label}
    </a>
  );
  return (
    <nav aria-label="cell charted" className="inline-flex overflow-hidden rounded border border-slate-300 bg-white text-sm" data-testid="chart-cell-switch">
      {worst && worst.dimension !== "" && item(`worst cell: ${cellLabel(worst)}`, cellParam(worst), choice.how !== "all" && choice.cell.dimension === worst.dimension && choice.cell.value === worst.value, "chart-cell-worst")}
      {item("all traffic", "all", choice.cell.dimension === "", "chart-cell-all")}
    </nav>
  );
}

export interface SeriesPanelProps {
  deployment: string;
  cell: SliceCell;
  window: TimeWindow;
  /** The verdict in force: marks and orders the charts by the cell's check statuses. */
  verdict?: Verdict;
  /** On the deployment page: how the cell was chosen, and the page's path and query for the switch. */
  choice?: CellChoice & { path: string; query: string };
}

/** The deployment page's cell and switch from ?cell= (default: the verdict's worst cell). */
export function chartPanel(param: string | undefined, verdict: Verdict, path: string, query: string): { cell: CellId; choice: SeriesPanelProps["choice"] } {
  const c = chartCell(param, verdict.worstCell);
  return { cell: c.cell, choice: { ...c, path, query } };
}

export async function SeriesPanel({ deployment, cell, window, verdict, choice }: SeriesPanelProps) {
  const axis = chartAxis(window);
  const isOverall = cell.dimension === "";
  let loaded: CellSeries;
  try {
    loaded = await cellSeries(deployment, cell, window, axis.step);
  } catch (e) {
    return <ErrorBanner title="Could not load the time series" error={pageError(e)} />;
  }
  const multiDay = axis.multiDay;
  const own = verdict?.cells.find((c) => c.dimension === cell.dimension && c.value === cell.value);
  const overall = verdict?.cells.find((c) => c.dimension === "");
  const order = chartOrder(own?.checks ?? [], overall?.checks ?? []);
  const all = specs(loaded, axis, isOverall);
  const per = axis.step === 1 ? "per minute" : `per ${axis.step} minutes`;
  const first = axis.buckets[0];
  const last = axis.buckets.at(-1);
  const attrs = {
    "data-x-from": first !== undefined ? new Date(first).toISOString() : "",
    "data-x-to": last !== undefined ? new Date(last).toISOString() : "",
    "data-step": axis.step,
  };
  return (
    <div className="space-y-2">
      {choice && (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold" data-testid="chart-cell" data-dimension={cell.dimension} data-value={cell.value}>
            Over time · {cellLabel(cell)}
            {choice.how === "worst" && <span className="ml-1 text-sm font-normal text-slate-500">(the verdict’s worst cell)</span>}
          </h2>
          <CellSwitch choice={choice} worst={verdict?.worstCell ?? null} path={choice.path} query={choice.query} />
        </div>
      )}
      <p className="text-xs text-slate-500" data-testid="series-caption">
        {`The x axis is the page's window (${hhmm(first ?? window.from, multiDay)}–${hhmm(last !== undefined ? last + axis.step * 60_000 : window.to, multiDay)} UTC), ${per}. `}
        {axis.partialLeftOut ? `The current, incomplete ${axis.step === 1 ? "minute is" : "bucket is"} left out. ` : ""}
        Gaps are {axis.step === 1 ? "minutes" : "buckets"} without data. Charts of failing checks come first, outlined.
      </p>
      <section aria-label="time series" className="grid gap-4 lg:grid-cols-2" data-testid="series" data-order={order.map((o) => o.id).join(",")}>
        {order.map((o) => {
          const s = all[o.id];
          const mark = o.status === "fail" || o.status === "marginal" ? { status: o.status, metrics: o.failing } : null;
          return <SeriesChart key={o.id} title={`${s.title}, ${per}`} {...s.chart} {...yDomain(s.chart.data, s.chart.categories, s.format)} format={s.format} testId={s.testId} note={s.note} mark={mark} attrs={attrs} connectNulls={s.connectNulls} />;
        })}
        <DriftCharts deployment={deployment} cell={cell} window={window} />
      </section>
    </div>
  );
}

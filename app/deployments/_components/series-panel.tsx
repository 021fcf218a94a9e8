// The time-series charts of one cell (server component: queries, then plain data to the charts).
import { ErrorBanner } from "@/app/_components/error-banner";
import { SeriesChart } from "@/app/_components/charts/series-chart";
import type { TimeWindow } from "@/lib/time/window";
import { pageError } from "@/server/http/page-errors";
import { cellSeries, type CellSeries, type SliceCell } from "@/server/services/telemetry";
import { agreementChart, latencyChart, memoryChart, rateChart } from "@/lib/view/series";
import { DriftCharts } from "./drift-charts";

export async function SeriesPanel({ deployment, cell, window }: { deployment: string; cell: SliceCell; window: TimeWindow }) {
  const multiDay = window.to - window.from > 86_400_000;
  const isPair = cell.dimension.includes("×");
  let loaded: CellSeries;
  try {
    loaded = await cellSeries(deployment, cell, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the time series" error={pageError(e)} />;
  }
  const { requests, shadow, memory } = loaded;
  const latency = latencyChart(requests, multiDay);
  const agreement = agreementChart(shadow, multiDay);
  const fallback = rateChart(requests, multiDay, "fallbacks");
  const errors = rateChart(requests, multiDay, "errors");
  const mem = memoryChart(memory, multiDay);
  return (
    <section aria-label="time series" className="grid gap-4 lg:grid-cols-2" data-testid="series">
      <SeriesChart title="Latency p50 / p95 / p99 (per minute)" {...latency} format="ms" testId="chart-latency" note="blue: baseline · orange: canary; darker = higher quantile" />
      <SeriesChart title="Shadow agreement (canary vs baseline output)" {...agreement} format="pct" testId="chart-agreement" note="exact-match rate and mean token agreement per minute" />
      <SeriesChart title="Fallback rate" {...fallback} format="pct" testId="chart-fallback" />
      <SeriesChart title="Error rate" {...errors} format="pct" testId="chart-errors" />
      <SeriesChart title="Peak memory by kind (whole deployment)" {...mem} format="bytes" testId="chart-memory" note="weights, kv_cache, activations; memory is reported per arm, not per slice" />
      <DriftCharts deployment={deployment} cell={cell} window={window} />
    </section>
  );
}

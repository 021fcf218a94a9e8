// The time-series charts of one cell (server component: queries, then plain data to the charts).
import type { Db } from "@/clickhouse/client";
import { driftSeries, memorySeries, requestSeries, shadowSeries, type Cell, type SeriesWindow } from "@/clickhouse/queries/timeseries";
import { ErrorBanner } from "./notices";
import { SeriesChart } from "@/lib/ui/charts/series-chart";
import { errorMessage } from "@/lib/ui/params";
import { agreementChart, driftCharts, latencyChart, memoryChart, rateChart } from "@/lib/ui/series";

export async function SeriesPanel({ client, deployment, cell, window }: { client: Db; deployment: string; cell: Cell; window: SeriesWindow }) {
  const multiDay = window.to - window.from > 86_400_000;
  const isPair = cell.dimension.includes("×");
  let loaded;
  try {
    loaded = await Promise.all([
      requestSeries(client, deployment, cell, window),
      shadowSeries(client, deployment, cell, window),
      memorySeries(client, deployment, window),
      isPair ? Promise.resolve([]) : driftSeries(client, deployment, cell, window),
    ]);
  } catch (e) {
    return <ErrorBanner title="Could not load the time series" message={errorMessage(e)} />;
  }
  const [requests, shadow, memory, drift] = loaded;
  const latency = latencyChart(requests, multiDay);
  const agreement = agreementChart(shadow, multiDay);
  const fallback = rateChart(requests, multiDay, "fallbacks");
  const errors = rateChart(requests, multiDay, "errors");
  const mem = memoryChart(memory, multiDay);
  const drifts = driftCharts(drift, multiDay);
  return (
    <section aria-label="time series" className="grid gap-4 lg:grid-cols-2" data-testid="series">
      <SeriesChart title="Latency p50 / p95 / p99 (per minute)" {...latency} format="ms" testId="chart-latency" note="blue: baseline · orange: canary; darker = higher quantile" />
      <SeriesChart title="Shadow agreement (canary vs baseline output)" {...agreement} format="pct" testId="chart-agreement" note="exact-match rate and mean token agreement per minute" />
      <SeriesChart title="Fallback rate" {...fallback} format="pct" testId="chart-fallback" />
      <SeriesChart title="Error rate" {...errors} format="pct" testId="chart-errors" />
      <SeriesChart title="Peak memory by kind (whole deployment)" {...mem} format="bytes" testId="chart-memory" note="weights, kv_cache, activations; memory is reported per arm, not per slice" />
      {isPair ? (
        <p className="rounded-lg border border-dashed border-slate-200 bg-white p-3 text-xs text-slate-500">Input drift is tracked per single dimension; open one of this pair’s slices for drift.</p>
      ) : (
        drifts.map((d) => (
          <SeriesChart key={d.feature} title={`Input drift: mean ${d.feature} per minute`} data={d.data} categories={d.categories} colors={d.colors} format="num" testId="chart-drift" note="canary’s mean input value vs the baseline’s, per minute (the PSI per window is in the table)" />
        ))
      )}
    </section>
  );
}

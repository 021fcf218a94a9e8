// Window distributions of one cell: latency of both arms, and the most-shifted input features
// against their reference (drift-charts.tsx).
import { ErrorBanner } from "@/app/_components/error-banner";
import { HistogramChart } from "@/app/_components/charts/histogram-chart";
import type { TimeWindow } from "@/lib/time/window";
import { latencyDistribution } from "@/lib/view/series";
import { pageError } from "@/server/http/page-errors";
import { cellDistributions, type SliceCell } from "@/server/services/telemetry";
import { DriftHistograms } from "./drift-charts";

export async function Distributions({ deployment, cell, window, features = 3 }: { deployment: string; cell: SliceCell; window: TimeWindow; features?: number }) {
  let loaded;
  try {
    loaded = await cellDistributions(deployment, cell, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the distributions" error={pageError(e)} />;
  }
  const latency = latencyDistribution(loaded.latency);
  return (
    <section aria-label="distributions" className="grid gap-4 lg:grid-cols-2" data-testid="distributions">
      <HistogramChart title="Latency distribution (share of requests)" {...latency} format="pct" testId="chart-latency-hist" note="bins of 1/4 octave; blue: baseline · orange: canary" />
      <DriftHistograms deployment={deployment} cell={cell} window={window} features={features} />
    </section>
  );
}

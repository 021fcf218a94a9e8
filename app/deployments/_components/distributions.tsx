// Window distributions of one cell: latency of both arms, and the most-shifted input features.
import { ErrorBanner } from "@/app/_components/error-banner";
import { HistogramChart } from "@/app/_components/charts/histogram-chart";
import type { TimeWindow } from "@/lib/time/window";
import { ARM_COLORS, driftDistributions, latencyDistribution } from "@/lib/view/series";
import { pageError } from "@/server/http/page-errors";
import { cellDistributions, type SliceCell } from "@/server/services/telemetry";

export async function Distributions({ deployment, cell, window, features = 3 }: { deployment: string; cell: SliceCell; window: TimeWindow; features?: number }) {
  const isPair = cell.dimension.includes("×");
  let loaded;
  try {
    loaded = await cellDistributions(deployment, cell, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the distributions" error={pageError(e)} />;
  }
  const { latency: lat, drift } = loaded;
  const latency = latencyDistribution(lat);
  const shifts = driftDistributions(drift).slice(0, features);
  return (
    <section aria-label="distributions" className="grid gap-4 lg:grid-cols-2" data-testid="distributions">
      <HistogramChart title="Latency distribution (share of requests)" {...latency} format="pct" testId="chart-latency-hist" note="bins of 1/4 octave; blue: baseline · orange: canary" />
      {isPair && <p className="rounded-lg border border-dashed border-slate-200 bg-white p-3 text-xs text-slate-500">Input drift is tracked per single dimension; open one of this pair’s slices for drift histograms.</p>}
      {shifts.map((d) => (
        <HistogramChart
          key={d.feature}
          title={`Input ${d.feature}: reference vs current`}
          note={`PSI ${d.psi === null ? "–" : d.psi.toFixed(3)} over these bins · baseline n=${d.n.baseline.toLocaleString("en-US")}, canary n=${d.n.canary.toLocaleString("en-US")}`}
          data={d.data}
          categories={["reference (baseline)", "current (canary)"]}
          colors={[ARM_COLORS.baseline, ARM_COLORS.canary]}
          format="pct"
          testId="chart-drift-hist"
        />
      ))}
    </section>
  );
}

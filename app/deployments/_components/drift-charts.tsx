// Input drift of one cell against its reference (the calibration set, else the canary's first
// hour): the mean per minute with the reference's mean as a flat line, and the window's
// distribution beside the reference's over the drift check's own bins.
import { cache } from "react";
import { ErrorBanner } from "@/app/_components/error-banner";
import { HistogramChart } from "@/app/_components/charts/histogram-chart";
import { SeriesChart } from "@/app/_components/charts/series-chart";
import type { TimeWindow } from "@/lib/time/window";
import { DRIFT_COLORS, driftMeanCharts, driftReferenceHistograms } from "@/lib/view/drift";
import { pageError } from "@/server/http/page-errors";
import { cellDrift } from "@/server/services/drift";
import type { SliceCell } from "@/server/services/telemetry";

// The series panel and the distributions of one page render one load.
const load = cache(cellDrift);

const PAIR_NOTE = "Input drift is tracked per single dimension; open one of this pair’s slices for drift.";

function PairNote() {
  return <p className="rounded-lg border border-dashed border-slate-200 bg-white p-3 text-xs text-slate-500">{PAIR_NOTE}</p>;
}

/** Per feature: the canary's mean per minute against its reference's mean. */
export async function DriftCharts({ deployment, cell, window }: { deployment: string; cell: SliceCell; window: TimeWindow }) {
  if (cell.dimension.includes("×")) return <PairNote />;
  let drift;
  try {
    drift = await load(deployment, cell, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the input drift" error={pageError(e)} />;
  }
  const multiDay = window.to - window.from > 86_400_000;
  return (
    <>
      {driftMeanCharts(drift.series, drift.references, multiDay).map((d) => (
        <SeriesChart
          key={d.feature}
          title={`Input drift: mean ${d.feature} per minute vs reference`}
          data={d.data}
          categories={d.categories}
          colors={d.colors}
          format="num"
          testId="chart-drift"
          note={`orange: the canary · grey: reference = ${d.reference.detail}${d.reference.mean === null ? " (no values yet)" : ""}`}
        />
      ))}
    </>
  );
}

/** Per feature (the most shifted first): the canary's distribution over the window against its reference. */
export async function DriftHistograms({ deployment, cell, window, features = 3 }: { deployment: string; cell: SliceCell; window: TimeWindow; features?: number }) {
  if (cell.dimension.includes("×")) return <PairNote />;
  let drift;
  try {
    drift = await load(deployment, cell, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the input drift" error={pageError(e)} />;
  }
  return (
    <>
      {driftReferenceHistograms(drift.histograms, drift.references)
        .slice(0, features)
        .map((d) => (
          <HistogramChart
            key={d.feature}
            title={`Input ${d.feature}: canary vs reference`}
            note={`reference = ${d.reference.detail} · canary n=${d.n.canary.toLocaleString("en-US")} · PSI ${d.psi === null ? "–" : d.psi.toFixed(3)} over these bins (no-drift level ${d.level === null ? "–" : d.level.toFixed(3)}); bins of equal reference mass, as the drift check uses`}
            data={d.data}
            categories={d.categories}
            colors={DRIFT_COLORS}
            format="pct"
            testId="chart-drift-hist"
          />
        ))}
    </>
  );
}

import { Suspense } from "react";
import { Header } from "@/app/_components/header";
import { requireUser } from "@/server/http/auth";
import { comparisonRows } from "@/lib/view/comparison";
import { defaultDimension, defaultPair, pairDimensions } from "@/lib/view/heatmap";
import { decodeSegment } from "@/lib/view/route-segment";
import { pageError, type PageError } from "@/server/http/page-errors";
import { deploymentPage, type DeploymentPage as Loaded } from "@/server/services/deployments";
import { decisionTime, lastSentMs, type DecisionTime } from "@/lib/view/decision-time";
import { first, pageWindow, stateQuery, type PageWindow, type SearchParams } from "@/lib/view/range";
import { StatusLegend } from "@/app/_components/status";
import { ComparisonTable } from "@/app/deployments/_components/comparison-table";
import { Controls } from "@/app/deployments/_components/controls";
import { ManifestDiff } from "@/app/deployments/_components/manifest-diff";
import { ErrorBanner } from "@/app/_components/error-banner";
import { CardinalityNotice, NoTelemetry, WindowTraffic } from "@/app/deployments/_components/notices";
import { OneArm } from "@/app/deployments/_components/one-arm";
import { Time } from "@/app/_components/time";
import { chartPanel, SeriesPanel } from "@/app/deployments/_components/series-panel";
import { SliceHeatmap } from "@/app/deployments/_components/slice-heatmap";
import { VerdictSummary } from "@/app/deployments/_components/verdict-summary";
import { VerdictTimeline } from "@/app/deployments/_components/verdict-timeline";
import { RollbackButton } from "./_rollback/rollback-button";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ deployment: string }>; searchParams: Promise<SearchParams> };

export default async function DeploymentPage({ params, searchParams }: Props) {
  const deployment = decodeSegment((await params).deployment);
  const sp = await searchParams;
  const path = `/deployments/${encodeURIComponent(deployment)}`;
  const user = await requireUser(`${path}${stateQuery(sp, ["range", "from", "to", "dim", "pair", "heat"])}`);
  let window: PageWindow | null = null;
  let loaded: Loaded | null = null;
  let error: PageError | null = null;
  let time: DecisionTime = { show: false, why: "closed_range", text: "" };
  try {
    window = pageWindow(sp);
    // The verdict in force at the end of the page's range (the latest, for a live range).
    loaded = await deploymentPage(deployment, window, window.range === "custom" ? window.to : undefined);
    if (loaded.kind === "ok") time = decisionTime(window.range, lastSentMs(loaded.received.arms), Date.now());
  } catch (e) {
    error = pageError(e);
  }
  // Unless the URL says otherwise, the table and the heatmap open on the worst cell's dimensions.
  const dim = first(sp.dim) || (loaded?.kind === "ok" ? defaultDimension(loaded.verdict, loaded.dimensions) : "");
  const pairs = loaded?.kind === "ok" ? pairDimensions(loaded.verdict) : [];
  const askedPair = first(sp.pair);
  const pair = askedPair ? askedPair : loaded?.kind === "ok" ? defaultPair(loaded.verdict, pairs) : null;
  const state = Object.fromEntries(["range", "from", "to", "dim", "pair", "heat"].flatMap((k) => (first(sp[k]) ? [[k, first(sp[k])!]] : [])));
  return (
    <>
      <Header user={user} crumbs={[{ href: path, label: deployment }]} />
      <main className="mx-auto max-w-[1800px] space-y-5 px-6 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">{deployment}</h1>
          <Controls range={window?.range ?? first(sp.range) ?? "1h"} from={first(sp.from)} to={first(sp.to)} dimensions={loaded?.kind === "ok" ? loaded.dimensions : []} dim={dim} />
        </div>
        {error !== null && <ErrorBanner title="Could not load this deployment" error={error} />}
        {loaded?.kind === "missing" && <NoTelemetry deployment={deployment} />}
        {loaded?.kind === "one-arm" && window && <OneArm deployment={deployment} received={loaded.received} windowLabel={window.label} />}
        {loaded?.kind === "ok" && window && (
          <>
            <WindowTraffic received={loaded.received} path={path} query={new URLSearchParams(stateQuery(sp, ["dim"]))} />
            <CardinalityNotice deployment={deployment} />
            <VerdictSummary verdict={loaded.verdict} query={stateQuery(sp, ["range", "from", "to"])} />
            <Suspense fallback={<p className="text-sm text-slate-500">Loading the verdict timeline…</p>}>
              <VerdictTimeline deployment={deployment} window={window} />
            </Suspense>
            <RollbackButton deployment={deployment} role={user.role} />
            <SliceHeatmap
              verdict={loaded.verdict}
              deployment={deployment}
              pairs={pairs}
              pair={pair}
              path={path}
              state={state}
              query={stateQuery(sp, ["range", "from", "to"])}
              all={first(sp.heat) === "all"}
            />
            <section aria-label="canary vs baseline per slice" className="space-y-2">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">Canary vs baseline by {dim || "slice"}</h2>
                <StatusLegend />
              </div>
              <ComparisonTable {...comparisonRows(loaded.verdict, dim)} deployment={deployment} query={stateQuery(sp, ["range", "from", "to"])} dimension={dim} time={time} />
              <p className="text-xs text-slate-500">
                Each value: canary (bold) with baseline below, over the verdict&apos;s evidence (since <Time at={loaded.verdict.epoch.startedAt} />). Agreement metrics compare the slice with the rest of the traffic (“rest”). Select a mark (click, tap or Enter) for the check’s evidence.
              </p>
            </section>
            <div className="grid gap-5 xl:grid-cols-[1fr_26rem]">
              <section aria-label="time series" className="min-w-0 space-y-2">
                <Suspense fallback={<p className="text-sm text-slate-500" data-testid="charts-loading">Loading charts…</p>}>
                  <SeriesPanel deployment={deployment} {...chartPanel(first(sp.cell), loaded.verdict, path, stateQuery(sp))} window={window} verdict={loaded.verdict} />
                </Suspense>
              </section>
              <section aria-label="manifest" className="h-fit rounded-lg border border-slate-200 bg-white p-4">
                <h2 className="mb-2 font-semibold">Quantization manifest</h2>
                <ManifestDiff rows={loaded.manifest} />
              </section>
            </div>
          </>
        )}
      </main>
    </>
  );
}

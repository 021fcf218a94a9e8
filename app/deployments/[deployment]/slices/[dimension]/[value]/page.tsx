import Link from "next/link";
import { Suspense } from "react";
import { Header } from "@/app/_components/header";
import { requireUser } from "@/server/http/auth";
import { cellLabel, rowOf, slicePath } from "@/lib/view/comparison";
import { breakdownOf, parentsOf } from "@/lib/view/heatmap";
import { decodeSegment } from "@/lib/view/route-segment";
import { pageError, type PageError } from "@/server/http/page-errors";
import { deploymentPage, type DeploymentPage as Loaded } from "@/server/services/deployments";
import { first, pageWindow, stateQuery, type PageWindow, type SearchParams } from "@/lib/view/range";
import { StatusBadge, StatusLegend } from "@/app/_components/status";
import { ChecksList } from "@/app/deployments/_components/checks-list";
import { ComparisonTable } from "@/app/deployments/_components/comparison-table";
import { Controls } from "@/app/deployments/_components/controls";
import { Disagreements } from "@/app/deployments/_components/disagreements";
import { Distributions } from "@/app/deployments/_components/distributions";
import { ErrorBanner } from "@/app/_components/error-banner";
import { NoTelemetry, WindowTraffic } from "@/app/deployments/_components/notices";
import { OneArm } from "@/app/deployments/_components/one-arm";
import { Time } from "@/app/_components/time";
import { disagreements, type DisagreementRows } from "@/server/services/telemetry";
import { decisionTime, lastSentMs, type DecisionTime } from "@/lib/view/decision-time";
import { disagreementQuery, SCAN } from "@/lib/view/disagreement-query";
import { SeriesPanel } from "@/app/deployments/_components/series-panel";
import { SliceBreakdown } from "@/app/deployments/_components/slice-breakdown";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ deployment: string; dimension: string; value: string }>; searchParams: Promise<SearchParams> };

export default async function SlicePage({ params, searchParams }: Props) {
  const p = await params;
  const deployment = decodeSegment(p.deployment);
  const cell = { dimension: decodeSegment(p.dimension), value: decodeSegment(p.value) };
  const sp = await searchParams;
  const path = slicePath(deployment, cell.dimension, cell.value);
  const user = await requireUser(`${path}${stateQuery(sp, ["range", "from", "to", "by"])}`);
  const depPath = `/deployments/${encodeURIComponent(deployment)}`;
  let window: PageWindow | null = null;
  let loaded: Loaded | null = null;
  let examples: DisagreementRows = { rows: [], total: 0 };
  let time: DecisionTime = { show: false, why: "closed_range", text: "" };
  const exampleQuery = disagreementQuery(sp);
  let error: PageError | null = null;
  try {
    window = pageWindow(sp);
    // The verdict in force at the end of the page's range (the latest, for a live range).
    loaded = await deploymentPage(deployment, window, window.range === "custom" ? window.to : undefined);
    if (loaded.kind === "ok") {
      examples = await disagreements(deployment, cell, window, exampleQuery);
      time = decisionTime(window.range, lastSentMs(loaded.received.arms), Date.now());
    }
  } catch (e) {
    error = pageError(e);
  }
  const verdictCell = loaded?.kind === "ok" ? loaded.verdict.cells.find((c) => c.dimension === cell.dimension && c.value === cell.value) : undefined;
  const backQuery = stateQuery(sp, ["range", "from", "to"]);
  const rangeState = Object.fromEntries(["range", "from", "to"].flatMap((k) => (first(sp[k]) ? [[k, first(sp[k])!]] : [])));
  return (
    <>
      <Header
        user={user}
        crumbs={[
          { href: depPath, label: deployment },
          { href: path, label: cellLabel(cell) },
        ]}
      />
      <main className="mx-auto max-w-[1800px] space-y-5 px-6 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">
            <Link href={`${depPath}${stateQuery(sp, ["range", "from", "to", "dim"]) || `?dim=${encodeURIComponent(cell.dimension)}`}`} className="text-slate-500 hover:underline">{deployment}</Link>
            <span className="text-slate-400"> / </span>
            <span data-testid="slice-title">{cellLabel(cell)}</span>
          </h1>
          <Controls range={window?.range ?? first(sp.range) ?? "1h"} from={first(sp.from)} to={first(sp.to)} />
        </div>
        {error !== null && <ErrorBanner title="Could not load this slice" error={error} />}
        {loaded?.kind === "missing" && <NoTelemetry deployment={deployment} />}
        {loaded?.kind === "one-arm" && window && <OneArm deployment={deployment} received={loaded.received} windowLabel={window.label} />}
        {loaded?.kind === "ok" && window && (
          <>
            <WindowTraffic received={loaded.received} path={path} query={new URLSearchParams()} />
            <section aria-label="slice verdict" className="space-y-2">
              <div className="flex flex-wrap items-center gap-3">
                {verdictCell ? (
                  <StatusBadge status={verdictCell.status} testId="cell-verdict" />
                ) : (
                  <p className="text-sm text-slate-600" data-testid="no-cell-verdict">
                    This cell is not in the verdict: no request pairs of it have been judged since <Time at={loaded.verdict.epoch.startedAt} />.
                  </p>
                )}
                <span className="text-xs text-slate-600">
                  deployment verdict <StatusBadge status={loaded.verdict.status} size="sm" /> · policy {loaded.verdict.policy.name || "default"} v{loaded.verdict.policy.version} ·{" "}
                  <Link className="text-blue-700 hover:underline" href={`/policies?deployment=${encodeURIComponent(deployment)}`}>policies</Link> · {window.label}
                </span>
                <a href="#disagreements" className="text-sm text-blue-700 hover:underline" data-testid="disagreements-link">
                  {examples.total > 0 ? `${examples.total.toLocaleString("en")}${examples.total >= SCAN ? "+" : ""} disagreement examples ↓` : "disagreement examples ↓"}
                </a>
                <span className="ml-auto"><StatusLegend /></span>
              </div>
              {verdictCell && (
                <>
                  <ComparisonTable overall={null} slices={[rowOf(verdictCell)]} deployment={deployment} query={backQuery} dimension={cell.dimension} time={time} />
                  <ChecksList checks={verdictCell.checks} time={time} />
                </>
              )}
            </section>
            <SliceBreakdown
              breakdown={breakdownOf(loaded.verdict, cell.dimension, cell.value, first(sp.by))}
              parents={parentsOf(loaded.verdict, cell.dimension, cell.value)}
              deployment={deployment}
              path={path}
              state={rangeState}
              query={backQuery}
            />
            <section aria-label="disagreements" id="disagreements" className="scroll-mt-4 space-y-2">
              <h2 className="font-semibold">Worst shadow disagreements <span className="text-sm font-normal text-slate-500">(biggest task-score drop first, then KL, then token agreement; 20 a page)</span></h2>
              <Disagreements page={examples} query={exampleQuery} path={path} searchParams={sp} />
            </section>
            <section className="space-y-2">
              <h2 className="font-semibold">Distributions over the window</h2>
              <Suspense fallback={<p className="text-sm text-slate-500">Loading distributions…</p>}>
                <Distributions deployment={deployment} cell={cell} window={window} />
              </Suspense>
            </section>
            <section className="space-y-2">
              <h2 className="font-semibold">Over time · {cellLabel(cell)}</h2>
              <Suspense fallback={<p className="text-sm text-slate-500">Loading charts…</p>}>
                <SeriesPanel deployment={deployment} cell={cell} window={window} verdict={loaded.verdict} />
              </Suspense>
            </section>
          </>
        )}
      </main>
    </>
  );
}

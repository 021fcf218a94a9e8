// The live part of an overview card: the persisted verdict (icon + word, since when), its worst
// cell and metric linked to the slice page, the open incident, and (for the top cards only) the
// sparklines. The verdict comes from the overview's one query; only sparklines query per card.
import Link from "next/link";
import { Suspense } from "react";
import { headlineSeries } from "@/server/services/telemetry";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { cellLabel, slicePath } from "@/lib/view/comparison";
import { pct } from "@/lib/view/format";
import { clockText, durationText, utcMs, type CardInput } from "@/lib/view/overview";
import { errorMessage } from "@/server/http/page-errors";
import { agreementChart, latencyChart } from "@/lib/view/series";
import { StatusBadge } from "@/app/_components/status";

const HOUR = 3_600_000;
/** Enough of a long reason to read on one line; the deployment page has all of it. */
const REASON_CHARS = 240;

export function DeploymentHealth({ card, now, sparklines }: { card: CardInput; now: number; sparklines: boolean }) {
  const { deployment: d, verdict: v, incident } = card;
  const since = v ? utcMs(v.since) : NaN;
  return (
    <div className="mt-2 space-y-2">
      {v ? (
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" data-testid="verdict-line" data-evaluated-at={v.evaluatedAt}>
          <StatusBadge status={v.status} testId="verdict" />
          <span className="text-xs text-slate-600" data-testid="verdict-since" data-since={v.since}>
            since {clockText(since, now)}{Number.isFinite(since) && ` · for ${durationText(now - since)}`}
          </span>
          <span className="text-slate-600">worst cell:</span>
          <span data-testid="worst-slice" className="font-medium" data-cell={v.worst ? `${v.worst.dimension}=${v.worst.value}` : ""}>
            {v.worst ? (
              v.worst.dimension === "" ? (
                cellLabel(v.worst)
              ) : (
                <Link className="text-blue-700 hover:underline" href={slicePath(d, v.worst.dimension, v.worst.value)} data-testid="worst-slice-link">
                  {cellLabel(v.worst)}
                </Link>
              )
            ) : (
              "none flagged"
            )}
          </span>
          {v.worst?.metric && <span className="text-slate-600" data-testid="worst-metric">· {v.worst.metric}</span>}
          {v.worst && <StatusBadge status={v.worst.status} size="sm" />}
          <span className="ml-auto text-xs text-slate-500">policy {v.policy.name || "default"} v{v.policy.version}</span>
          <p className="w-full truncate text-xs text-slate-600" data-testid="verdict-reason">{v.reason.slice(0, REASON_CHARS)}</p>
        </div>
      ) : (
        <div className="flex items-center gap-2 text-sm" data-testid="verdict-line" data-evaluated-at="">
          <StatusBadge status="insufficient_data" testId="verdict" />
          <span className="text-xs text-slate-600">not evaluated yet: no request pairs judged</span>
        </div>
      )}
      {incident && (
        <p className="text-sm">
          <Link href={`/incidents/${encodeURIComponent(incident.id)}`} className="font-medium text-orange-800 hover:underline" data-testid="incident-link" data-incident={incident.id}>
            <span aria-hidden>✕ </span>incident open since {clockText(utcMs(incident.openedAt), now)}
          </Link>
          {incident.open > 1 && <span className="ml-2 text-xs text-slate-600">{incident.open} open</span>}
        </p>
      )}
      {sparklines && (
        <Suspense fallback={<div className="h-14" data-testid="sparklines-loading" />}>
          <Sparklines deployment={d} now={now} />
        </Suspense>
      )}
    </div>
  );
}

async function Sparklines({ deployment, now }: { deployment: string; now: number }) {
  let series: Awaited<ReturnType<typeof headlineSeries>> | null = null;
  let error = "";
  try {
    series = await headlineSeries(deployment, { dimension: "", value: "" }, { from: now - HOUR, to: now });
  } catch (e) {
    error = errorMessage(e);
  }
  // Only the lines drawn go to the browser.
  const agreement = series ? agreementChart(series.shadow, false).data.map((r) => ({ minute: r.minute, "exact match": r["exact match"] })) : null;
  const p95 = series ? latencyChart(series.requests, false, ["p95"]) : null;
  const last = agreement?.at(-1)?.["exact match"];
  return (
    <div className="grid grid-cols-2 gap-4" data-testid="sparklines">
      <div>
        <p className="text-xs text-slate-600">exact-match rate · last hour {typeof last === "number" && <span className="font-medium text-slate-800">now {pct(last)}</span>}</p>
        {agreement ? <Sparkline data={agreement} categories={["exact match"]} colors={["violet-600"]} label="exact-match rate per minute, last hour" /> : <p className="text-xs text-orange-800">unavailable: {error}</p>}
      </div>
      <div>
        <p className="text-xs text-slate-600">p95 latency · last hour (<span className="text-blue-700">blue baseline</span>, <span className="text-orange-700">orange canary</span>)</p>
        {p95 ? <Sparkline data={p95.data} categories={p95.categories} colors={p95.colors} label="p95 latency per minute for both arms, last hour" /> : <p className="text-xs text-orange-800">unavailable: {error}</p>}
      </div>
    </div>
  );
}

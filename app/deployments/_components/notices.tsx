// Empty states and notices shared by the deployment and slice pages.
import Link from "next/link";
import { Time } from "@/app/_components/time";
import { ago, instant, urlInstant } from "@/lib/view/time";
import { cardinalityOf, type Activity, type Received } from "@/server/services/deployments";

export function NoTelemetry({ deployment }: { deployment: string }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-700" data-testid="no-telemetry">
      <p className="text-base font-semibold text-slate-900">No telemetry for {deployment}.</p>
      <p className="mt-2">
        Nothing has been received for this deployment. Each arm must export with the resource attributes
        <code className="mx-1 rounded bg-slate-100 px-1">quantlens.deployment={deployment}</code> and
        <code className="mx-1 rounded bg-slate-100 px-1">quantlens.arm</code> (baseline or canary); see docs/semconv.md.
      </p>
    </div>
  );
}

/** Each arm's newest minute with data, in words: "baseline last sent 2026-12-01 19:42:00 UTC (5 min ago)". */
function LastSent({ arm, a, now }: { arm: string; a: Activity | undefined; now: number }) {
  return a && a.total > 0 ? (
    <span data-testid={`last-sent-${arm}`}>
      {arm} last sent <Time at={a.last_minute} seconds={false} /> ({ago(a.last_minute, now)})
    </span>
  ) : (
    <span data-testid={`last-sent-${arm}`}>{arm} has never sent</span>
  );
}

/**
 * When an arm sent nothing in the page's window: which one, when each arm last sent, and a link to a
 * window that covers the newest data. Nothing when both arms sent in the window.
 */
export function WindowTraffic({ received, path, query, now = Date.now() }: { received: Received; path: string; query: URLSearchParams; now?: number }) {
  const arm = (name: string) => received.arms.find((a) => a.arm === name);
  const silent = ["baseline", "canary"].filter((name) => !(arm(name)?.in_window ?? 0));
  if (silent.length === 0) return null;
  const last = Math.max(...silent.map((name) => instant(arm(name)?.last_minute) ?? 0));
  const q = new URLSearchParams(query);
  q.delete("range");
  q.set("from", urlInstant(last - 55 * 60_000));
  q.set("to", urlInstant(last + 5 * 60_000));
  const both = silent.length === 2;
  return (
    <div className="rounded-lg border border-yellow-400 bg-yellow-50 p-4 text-sm text-yellow-950" data-testid="window-traffic" data-silent={silent.join(" ")}>
      <p className="font-semibold">
        <span aria-hidden>? </span>
        {both ? "No traffic in this window" : `No ${silent[0]} traffic in this window`}: <LastSent arm="baseline" a={arm("baseline")} now={now} />, <LastSent arm="canary" a={arm("canary")} now={now} />.
      </p>
      <p className="mt-1">
        {both ? "Nothing is compared in this window; the verdict below is the latest persisted one, from the last data judged. " : `Checks that need both arms read “insufficient data” for this window. `}
        {last > 0 && (
          <Link href={`${path}?${q}`} className="text-blue-700 hover:underline" data-testid="window-traffic-link">
            Show the hour up to the last data (<Time at={last} seconds={false} />)
          </Link>
        )}
      </p>
    </div>
  );
}

/** What the per-deployment cardinality caps did since the server started (ingest/slice-cap.ts, ingest/cumulative.ts). */
export interface CardinalityNoticeCounts {
  limits: { valuesPerDimension: number; dimensionsPerDeployment: number; featuresPerDeployment: number };
  foldedValues: number;
  droppedDimensions: number;
  droppedFeatures: number;
  cumulativeRefused: number;
}

const count = (n: number) => n.toLocaleString("en-US");

export function CardinalityNoticeView({ counts: c }: { counts: CardinalityNoticeCounts }) {
  const lines: string[] = [];
  if (c.droppedDimensions) {
    lines.push(`${count(c.droppedDimensions)} slice values were left out of the slices: their dimension came after the first ${c.limits.dimensionsPerDeployment} dimension names of this deployment (the records count for the whole deployment and its other dimensions).`);
  }
  if (c.foldedValues) {
    lines.push(`${count(c.foldedValues)} slice values were counted under __other__: their dimension already had ${c.limits.valuesPerDimension} distinct values.`);
  }
  if (c.droppedFeatures) {
    lines.push(`${count(c.droppedFeatures)} input features were left out of drift tracking: they came after the first ${c.limits.featuresPerDeployment} feature names of this deployment.`);
  }
  if (c.cumulativeRefused) {
    lines.push(`${count(c.cumulativeRefused)} cumulative metric points were refused: this deployment has too many active cumulative series (send delta temporality or fewer attribute combinations).`);
  }
  if (lines.length === 0) return null;
  return (
    <div className="rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950" data-testid="cardinality-notice">
      <p className="font-semibold"><span aria-hidden>! </span>Some telemetry of this deployment was folded to keep its cardinality bounded (since the server started).</p>
      <ul className="mt-1 list-disc pl-5">
        {lines.map((l) => <li key={l}>{l}</li>)}
      </ul>
      <p className="mt-1 text-xs">Limits and what they mean: docs/semconv.md. The OTLP responses to the sender said the same in partial_success.</p>
    </div>
  );
}

/** The notice for one deployment, read from this process's ingest pipeline; nothing when no cap has acted. */
export async function CardinalityNotice({ deployment }: { deployment: string }) {
  const counts = await cardinalityOf(deployment);
  return counts ? <CardinalityNoticeView counts={counts} /> : null;
}

// Empty states and notices shared by the deployment and slice pages.
import { cardinalityOf } from "@/server/services/deployments";

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

export function NoCanary({ deployment }: { deployment: string }) {
  return (
    <div className="rounded-lg border border-yellow-400 bg-yellow-50 p-4 text-sm text-yellow-950" data-testid="no-canary">
      <p className="font-semibold"><span aria-hidden>? </span>No canary traffic for {deployment} in this window.</p>
      <p className="mt-1">
        Send spans from the quantized arm with the resource attribute <code className="rounded bg-white px-1">quantlens.arm=canary</code> (and the same
        <code className="mx-1 rounded bg-white px-1">quantlens.deployment</code>), plus <code className="rounded bg-white px-1">quantlens.shadow_comparison</code> log records for agreement.
        Until then every check reads “insufficient data”.
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

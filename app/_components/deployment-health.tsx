// The live part of an overview card: its sparklines (exact-match rate and p95 latency, last hour).
// The only per-card queries of the overview, so only the top cards get them (CARD_BOUNDS.sparklines);
// the verdict, incident and traffic come from the overview's few queries for all cards.
import { headlineSeries } from "@/server/services/telemetry";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { pct } from "@/lib/view/format";
import { errorMessage } from "@/server/http/page-errors";
import { agreementChart, chartAxis, latencyChart, type ChartRow } from "@/lib/view/series";

const HOUR = 3_600_000;

/** Only the lines drawn, rounded to what a sparkline can show: the page carries every point. */
function rounded(rows: ChartRow[], keys: string[], digits: number): ChartRow[] {
  return rows.map((r) => Object.fromEntries([["minute", r.minute], ...keys.filter((k) => k in r).map((k) => [k, typeof r[k] === "number" ? Number((r[k] as number).toFixed(digits)) : r[k]])]));
}

export async function DeploymentHealth({ deployment, now }: { deployment: string; now: number }) {
  let series: Awaited<ReturnType<typeof headlineSeries>> | null = null;
  let error = "";
  try {
    series = await headlineSeries(deployment, { dimension: "", value: "" }, { from: now - HOUR, to: now });
  } catch (e) {
    error = errorMessage(e);
  }
  // The last hour on the charts' own axis: the incomplete current minute is left out, so lines do not plunge at the right edge.
  const axis = chartAxis({ from: now - HOUR, to: now });
  const agreement = series ? rounded(agreementChart(series.shadow, axis).data, ["exact match"], 3) : null;
  const p95 = series ? latencyChart(series.requests, axis, ["p95"]) : null;
  const last = agreement?.findLast((r) => typeof r["exact match"] === "number")?.["exact match"];
  return (
    <div className="grid grid-cols-2 gap-4" data-testid="sparklines">
      <div>
        <p className="text-xs text-slate-600">exact-match rate · last hour {typeof last === "number" && <span className="font-medium text-slate-800">now {pct(last)}</span>}</p>
        {agreement ? <Sparkline data={agreement} categories={["exact match"]} colors={["violet-600"]} label="exact-match rate per minute, last hour" /> : <p className="text-xs text-orange-800">unavailable: {error}</p>}
      </div>
      <div>
        <p className="text-xs text-slate-600">p95 latency · last hour (<span className="text-blue-700">blue baseline</span>, <span className="text-orange-700">orange canary</span>)</p>
        {p95 ? <Sparkline data={rounded(p95.data, p95.categories, 0)} categories={p95.categories} colors={p95.colors} label="p95 latency per minute for both arms, last hour" /> : <p className="text-xs text-orange-800">unavailable: {error}</p>}
      </div>
    </div>
  );
}

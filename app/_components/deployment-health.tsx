// The live part of an overview card: the persisted verdict (icon + word, since when), its worst
// cell and metric, and sparklines.
import Link from "next/link";
import { headlineSeries } from "@/server/services/telemetry";
import { verdictFor } from "@/server/services/verdicts";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { cellLabel, slicePath } from "@/lib/view/comparison";
import { pct } from "@/lib/view/format";
import { errorMessage } from "@/server/http/page-errors";
import { agreementChart, latencyChart } from "@/lib/view/series";
import { StatusBadge } from "@/app/_components/status";
import type { Verdict } from "@/lib/judgment/types";
import { Time } from "@/app/_components/time";

const HOUR = 3_600_000;

async function safe<T>(p: Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await p };
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

export async function DeploymentHealth({ deployment }: { deployment: string }) {
  const now = Date.now();
  const w = { from: now - HOUR, to: now };
  const all = { dimension: "", value: "" };
  const [verdict, series] = await Promise.all([safe<Verdict>(verdictFor(deployment)), safe(headlineSeries(deployment, all, w))]);
  const agreement = "ok" in series ? agreementChart(series.ok.shadow, false) : null;
  const p95 = "ok" in series ? latencyChart(series.ok.requests, false, ["p95"]) : null;
  const lastAgreement = agreement?.data.at(-1)?.["exact match"];
  return (
    <div className="mt-3 space-y-3">
      {"ok" in verdict ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="verdict-line" data-evaluated-at={verdict.ok.evaluatedAt}>
          <StatusBadge status={verdict.ok.status} testId="verdict" />
          <span className="text-xs text-slate-600" data-testid="verdict-since">since <Time at={verdict.ok.since} /></span>
          <span className="text-slate-600">worst cell:</span>
          <span data-testid="worst-slice" className="font-medium" data-cell={verdict.ok.worstCell ? `${verdict.ok.worstCell.dimension}=${verdict.ok.worstCell.value}` : ""}>
            {verdict.ok.worstCell ? (
              verdict.ok.worstCell.dimension === "" ? (
                cellLabel(verdict.ok.worstCell)
              ) : (
                <Link className="text-blue-700 hover:underline" href={slicePath(deployment, verdict.ok.worstCell.dimension, verdict.ok.worstCell.value)}>
                  {cellLabel(verdict.ok.worstCell)}
                </Link>
              )
            ) : (
              "none flagged"
            )}
          </span>
          {verdict.ok.worstCell?.metric && <span className="text-slate-600">· {verdict.ok.worstCell.metric}</span>}
          {verdict.ok.worstCell && <StatusBadge status={verdict.ok.worstCell.status} size="sm" />}
          <span className="ml-auto text-xs text-slate-500">policy {verdict.ok.policy.name || "default"} v{verdict.ok.policy.version}</span>
          <p className="w-full text-xs text-slate-600" data-testid="verdict-reason">{verdict.ok.reason.text}</p>
        </div>
      ) : (
        <p className="rounded border border-orange-300 bg-orange-50 px-2 py-1 text-sm text-orange-900" data-testid="verdict-error">
          <span aria-hidden>✕ </span>verdict unavailable: {verdict.error}
        </p>
      )}
      <div className="grid grid-cols-2 gap-4">
        <div>
          <p className="text-xs text-slate-600">exact-match rate · last hour {typeof lastAgreement === "number" && <span className="font-medium text-slate-800">now {pct(lastAgreement)}</span>}</p>
          {agreement ? <Sparkline data={agreement.data} categories={["exact match"]} colors={["violet-600"]} label="exact-match rate per minute, last hour" /> : <p className="text-xs text-orange-800">unavailable</p>}
        </div>
        <div>
          <p className="text-xs text-slate-600">p95 latency · last hour (<span className="text-blue-700">blue baseline</span>, <span className="text-orange-700">orange canary</span>)</p>
          {p95 ? <Sparkline data={p95.data} categories={p95.categories} colors={p95.colors} label="p95 latency per minute for both arms, last hour" /> : <p className="text-xs text-orange-800">unavailable</p>}
        </div>
      </div>
    </div>
  );
}

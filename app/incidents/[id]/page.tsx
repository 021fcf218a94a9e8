// One incident: the evidence (failing checks with numbers) and a timeline merging verdicts,
// deliveries with their attempts, the acknowledgement and audit entries, in time order.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Header } from "@/app/_components/header";
import { PageFailure } from "@/app/_components/error-banner";
import { NotFoundError } from "@/lib/errors";
import { roleCan } from "@/lib/auth/roles";
import { requireUser } from "@/server/http/auth";
import { incidentTimeline } from "@/server/services/incident-timeline";
import { cellLabel, slicePath } from "@/lib/view/comparison";
import { decodeSegment } from "@/lib/view/route-segment";
import { StatusMark } from "@/app/_components/status";
import { DeliveryBadge, IncidentBadge, utcSecond } from "@/app/_components/states";
import { formatDegradation, formatE } from "@/lib/judgment/reason";
import { STATUSES, type Status } from "@/lib/judgment/types";
import { failingChecks, type FailingCheck } from "@/lib/webhooks/payload";
import { AcknowledgeButton } from "../_components/acknowledge-button";
import { parseEvidence } from "@/lib/incidents/evidence";
import { Time } from "@/app/_components/time";

export const dynamic = "force-dynamic";

type Timeline = Awaited<ReturnType<typeof incidentTimeline>>;

interface Entry {
  at: string;
  kind: "incident" | "verdict" | "delivery" | "attempt" | "ack" | "audit";
  title: string;
  detail?: string;
  status?: Status;
  state?: string;
  href?: string;
}

const num = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-US") : String(+x.toPrecision(4)));
const asStatus = (s: string): Status => (STATUSES.includes(s as Status) ? (s as Status) : "insufficient_data");

function entries(t: Timeline): Entry[] {
  const out: Entry[] = [];
  const inc = t.incident;
  out.push({ at: inc.opened_at, kind: "incident", title: "incident opened", detail: inc.reason, state: "open" });
  if (inc.resolved_at) out.push({ at: inc.resolved_at, kind: "incident", title: "incident resolved", state: "resolved" });
  if (inc.acknowledged_at) out.push({ at: inc.acknowledged_at, kind: "ack", title: `acknowledged by ${inc.acknowledged_by}` });
  // Verdict points, oldest first, with runs of the same status folded into one entry.
  const points = [...t.verdicts].sort((a, b) => a.evaluated_at.localeCompare(b.evaluated_at));
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1].status === points[i].status) j++;
    const p = points[i];
    const worst = p.worst_dimension ? ` · worst ${cellLabel({ dimension: p.worst_dimension, value: p.worst_value })}` : "";
    out.push({
      at: p.evaluated_at,
      kind: "verdict",
      status: asStatus(p.status),
      title: `verdict ${p.status.replace("_", " ")}${j > i ? ` ×${j - i + 1} until ${utcSecond(points[j].evaluated_at)}` : ""}${worst}${p.worst_metric ? ` · ${p.worst_metric}` : ""} · policy v${p.policy_version} · epoch ${p.epoch}`,
      detail: p.reason,
    });
    i = j + 1;
  }
  for (const d of t.deliveries) {
    out.push({ at: d.created_at, kind: "delivery", state: d.state, title: `${d.event} queued for ${d.endpoint_id}`, detail: `delivery ${d.id} · now ${d.state} after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}` });
    for (const a of d.attempts_log) {
      out.push({
        at: a.ts,
        kind: "attempt",
        title: `${a.status >= 200 && a.status < 300 ? "✓" : "✕"} attempt ${a.attempt} of ${d.event} → ${d.endpoint_id}: ${a.status ? `HTTP ${a.status}` : "no response"} in ${Math.round(a.latency_ms)} ms`,
        detail: a.error || undefined,
      });
    }
  }
  for (const a of t.audit) {
    if (a.action === "incident.acknowledge") continue; // shown from the incident itself
    out.push({ at: a.ts, kind: "audit", title: `${a.actor}: ${a.action}`, detail: a.details && a.details !== "{}" ? a.details : undefined });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

const KIND_MARK: Record<Entry["kind"], string> = { incident: "◆", verdict: "●", delivery: "✉", attempt: "↗", ack: "✋", audit: "✎" };

function EvidenceTable({ failing, deployment, testId }: { failing: FailingCheck[]; deployment: string; testId: string }) {
  const deg = (f: FailingCheck, x: number | null | undefined) => (x === null || x === undefined ? "–" : formatDegradation(f.metric as never, f.metric.startsWith("latency_p") ? "quantile" : f.metric === "latency_rank" ? "rank" : "paired", x));
  return (
  <div className="overflow-x-auto">
    <table className="w-full text-sm" data-testid={testId}>
      <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
        <tr>
          <th className="py-1 pr-3">cell</th><th className="pr-3">metric</th><th className="pr-3">found by</th>
          <th className="pr-3 text-right">baseline</th><th className="pr-3 text-right">canary</th><th className="pr-3 text-right">degradation</th>
          <th className="pr-3 text-right">allowed</th><th className="pr-3 text-right">e-value / threshold</th><th className="pr-3 text-right">n at failure / now</th><th>reason</th>
        </tr>
      </thead>
      <tbody>
        {failing.map((f, i) => {
          const e = f.evidence ? (f.detector === "change" ? f.evidence.change : f.evidence.anchored) : null;
          return (
          <tr key={i} className="border-b border-slate-100 align-top" data-testid="evidence-row" data-cell={`${f.dimension}=${f.value}`} data-metric={f.metric}>
            <td className="py-1 pr-3">
              {f.dimension === "" ? "all traffic" : <Link href={slicePath(deployment, f.dimension, f.value)} className="text-blue-700 hover:underline">{cellLabel(f)}</Link>}
            </td>
            <td className="pr-3 font-mono text-xs">{f.metric}{f.fails_deployment ? "" : " (advisory)"}</td>
            <td className="whitespace-nowrap pr-3 text-xs">{f.detector} · <Time at={f.failed_at} /></td>
            <td className="pr-3 text-right tabular-nums">{num(f.baseline)}</td>
            <td className="pr-3 text-right font-medium tabular-nums">{num(f.canary)}</td>
            <td className="whitespace-nowrap pr-3 text-right tabular-nums">{f.degradation ? `${deg(f, f.degradation.estimate)} (${deg(f, f.degradation.lower)} to ${deg(f, f.degradation.upper)})` : "–"}</td>
            <td className="pr-3 text-right tabular-nums">{deg(f, f.allowed)}</td>
            <td className="whitespace-nowrap pr-3 text-right tabular-nums">{e ? `${formatE(e.log)} / ${formatE(e.log_threshold)}` : "–"}</td>
            <td className="whitespace-nowrap pr-3 text-right tabular-nums">{num(f.n_at_failure)} / {num(f.n)}</td>
            <td className="min-w-[14rem] text-xs text-slate-700">{f.reason}</td>
          </tr>
          );
        })}
      </tbody>
    </table>
  </div>
  );
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeSegment((await params).id);
  const path = `/incidents/${encodeURIComponent(id)}`;
  const user = await requireUser(path);
  let t: Timeline;
  try {
    t = await incidentTimeline(id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    return <PageFailure user={user} crumbs={[{ href: "/incidents", label: "Incidents" }, { href: path, label: id }]} title="Could not load this incident" error={e} />;
  }
  const inc = t.incident;
  const ev = parseEvidence(inc.evidence);
  // The worst cell the evaluator named when the incident opened (a structured field, never parsed from text).
  const worst = ev.verdict?.worstCell ?? null;
  const timeline = entries(t);
  const latest = t.latest;
  const latestFailing: FailingCheck[] = latest ? failingChecks(latest) : [];
  return (
    <>
      <Header user={user} crumbs={[{ href: "/incidents", label: "Incidents" }, { href: path, label: id }]} />
      <main className="mx-auto max-w-[1800px] space-y-5 px-6 py-6">
        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="incident" data-testid="incident" data-status={inc.status}>
          <div className="flex flex-wrap items-center gap-3">
            <IncidentBadge status={inc.status} testId="incident-status" />
            <h1 className="text-lg font-semibold">
              <Link href={`/deployments/${encodeURIComponent(inc.deployment)}`} className="hover:underline">{inc.deployment}</Link>
              <span className="ml-2 font-mono text-sm font-normal text-slate-500">{inc.id}</span>
            </h1>
            <span className="text-sm text-slate-600">opened <Time at={inc.opened_at} />{inc.resolved_at && <> · resolved <Time at={inc.resolved_at} /></>} · episode {inc.episode} · policy v{inc.policy_version}</span>
            <span className="ml-auto">
              {inc.acknowledged_by ? (
                <span className="text-sm text-slate-700" data-testid="acknowledged">
                  <span aria-hidden>✋ </span>acknowledged by <strong>{inc.acknowledged_by}</strong> at <Time at={inc.acknowledged_at} />
                </span>
              ) : roleCan(user.role, "operate") ? (
                <AcknowledgeButton id={inc.id} />
              ) : (
                <span className="text-sm text-slate-500">not acknowledged (operators can acknowledge)</span>
              )}
            </span>
          </div>
          <p className="mt-2 text-sm text-slate-700" data-testid="incident-reason">{inc.reason}</p>
          {worst && (
            <p className="mt-2 text-sm">
              worst failing cell at opening:{" "}
              {worst.dimension === "" ? (
                <span className="font-medium" data-testid="worst-cell-link">{cellLabel(worst)}</span>
              ) : (
                <Link href={slicePath(inc.deployment, worst.dimension, worst.value)} className="font-medium text-blue-700 hover:underline" data-testid="worst-cell-link">
                  {cellLabel(worst)} →
                </Link>
              )}
              {worst.metric && <span className="text-slate-600"> · {worst.metric}</span>}
            </p>
          )}
          {ev.resolution && (
            <p className="mt-1 text-sm text-slate-700" data-testid="resolution">
              resolved ({ev.resolution.why.replace("_", " ")}){ev.resolution.by ? ` by ${ev.resolution.by}` : ""} at <Time at={ev.resolution.at} />
            </p>
          )}
        </section>

        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="evidence">
          <h2 className="mb-2 font-semibold">Evidence at opening · {ev.failing.length} failing check{ev.failing.length === 1 ? "" : "s"}</h2>
          {ev.failing.length === 0 ? (
            <p className="text-sm text-slate-500">No failing checks were recorded.</p>
          ) : (
            <EvidenceTable failing={ev.failing} deployment={inc.deployment} testId="evidence" />
          )}
        </section>

        {latest && (
          <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="latest verdict" data-testid="latest-verdict" data-evaluated-at={latest.evaluatedAt}>
            <h2 className="mb-1 flex flex-wrap items-center gap-2 font-semibold">
              {inc.status === "open" ? "The verdict now" : "The verdict at resolution"} <StatusMark status={latest.status} />
              <span className="text-xs font-normal text-slate-500" data-testid="latest-verdict-status" data-status={latest.status}>
                {latest.status.replace("_", " ")} since <Time at={latest.since} /> · evaluated <Time at={latest.evaluatedAt} /> · evidence since <Time at={latest.epoch.startedAt} /> · {latestFailing.length} failing check{latestFailing.length === 1 ? "" : "s"}
              </span>
            </h2>
            {latest.worstCell && (
              <p className="mb-1 text-sm" data-testid="latest-worst" data-cell={`${latest.worstCell.dimension}=${latest.worstCell.value}`}>
                worst cell now: <span className="font-medium">{cellLabel(latest.worstCell)}</span>
                {latest.worstCell.metric && <span className="text-slate-600"> · {latest.worstCell.metric}</span>}
              </p>
            )}
            <p className="mb-2 text-sm text-slate-700">{latest.reason.text}</p>
            {latestFailing.length > 0 && <EvidenceTable failing={latestFailing} deployment={inc.deployment} testId="evidence-now" />}
          </section>
        )}

        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="timeline">
          <h2 className="mb-2 font-semibold">Timeline <span className="text-xs font-normal text-slate-500">(UTC, oldest first; verdicts from 10 min before opening)</span></h2>
          <ol className="space-y-1.5 border-l-2 border-slate-200 pl-4" data-testid="timeline">
            {timeline.map((e, i) => (
              <li key={i} className="relative text-sm" data-testid="timeline-entry" data-kind={e.kind}>
                <span aria-hidden className="absolute -left-[1.45rem] top-0.5 w-4 bg-white text-center text-xs text-slate-500">{KIND_MARK[e.kind]}</span>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="w-44 shrink-0 font-mono text-xs tabular-nums text-slate-500"><Time at={e.at} /></span>
                  {e.status && <StatusMark status={e.status} />}
                  {e.state && (e.kind === "incident" ? <IncidentBadge status={e.state} /> : <DeliveryBadge state={e.state} />)}
                  <span className={e.kind === "incident" || e.kind === "ack" ? "font-medium" : ""}>{e.title}</span>
                </div>
                {e.detail && <p className="ml-[11.5rem] break-all text-xs text-slate-600">{e.detail}</p>}
              </li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}

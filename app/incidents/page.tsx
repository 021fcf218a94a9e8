// Incidents: every breach episode per deployment, newest first; ?deployment= filters.
import Link from "next/link";
import { Header } from "@/app/_components/header";
import { PageFailure } from "@/app/_components/error-banner";
import { LIMITS } from "@/lib/limits";
import { requireUser } from "@/server/http/auth";
import { incidentsPage, type IncidentRow } from "@/server/services/incidents";
import { cellLabel } from "@/lib/view/comparison";
import { first, type SearchParams } from "@/lib/view/range";
import { IncidentBadge } from "@/app/_components/states";
import { failingCells, parseEvidence } from "@/lib/incidents/evidence";
import { Time } from "@/app/_components/time";

export const dynamic = "force-dynamic";

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const deployment = (first(sp.deployment) ?? "").slice(0, LIMITS.deploymentChars);
  const user = await requireUser(`/incidents${deployment ? `?deployment=${encodeURIComponent(deployment)}` : ""}`);
  let incidents: IncidentRow[];
  let deployments: string[];
  let deliveries: Map<string, number>;
  try {
    ({ incidents, deployments, deliveries } = await incidentsPage(deployment));
  } catch (e) {
    return <PageFailure user={user} crumbs={[{ href: "/incidents", label: "Incidents" }]} title="Could not load incidents" error={e} />;
  }
  const open = incidents.filter((i) => i.status === "open").length;
  return (
    <>
      <Header user={user} crumbs={[{ href: "/incidents", label: "Incidents" }]} />
      <main className="mx-auto max-w-[1800px] space-y-4 px-6 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">Incidents{deployment && ` · ${deployment}`} <span className="text-sm font-normal text-slate-600">{open} open · {incidents.length} total</span></h1>
          <nav className="flex flex-wrap items-center gap-2 text-sm" aria-label="filter by deployment" data-testid="incident-filter">
            <span className="text-slate-600">deployment:</span>
            <Link href="/incidents" aria-current={deployment === "" ? "page" : undefined} className={`rounded border px-2 py-0.5 ${deployment === "" ? "border-slate-700 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-100"}`}>all</Link>
            {deployments.map((d) => (
              <Link key={d} href={`/incidents?deployment=${encodeURIComponent(d)}`} aria-current={deployment === d ? "page" : undefined} className={`rounded border px-2 py-0.5 ${deployment === d ? "border-slate-700 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-100"}`}>{d}</Link>
            ))}
          </nav>
        </div>
        {incidents.length === 0 ? (
          <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-600" data-testid="incidents-empty">
            No incidents{deployment && ` for ${deployment}`}. The evaluator opens one when a deployment&apos;s verdict turns <strong>fail</strong>.
          </div>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm" data-testid="incidents">
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2">status</th>
                  <th className="pr-3">deployment</th>
                  <th className="pr-3">opened</th>
                  <th className="pr-3">resolved</th>
                  <th className="pr-3">acknowledged by</th>
                  <th className="pr-3">failing slices</th>
                  <th className="pr-3 text-right">deliveries</th>
                  <th className="pr-3" />
                </tr>
              </thead>
              <tbody>
                {incidents.map((i) => {
                  const ev = parseEvidence(i.evidence);
                  const cells = failingCells(ev.failing, ev.verdict?.worstCell ?? null);
                  return (
                    <tr key={i.id} className="border-b border-slate-100 align-top" data-testid="incident-row" data-id={i.id} data-deployment={i.deployment} data-status={i.status}>
                      <td className="px-3 py-2"><IncidentBadge status={i.status} /></td>
                      <td className="py-2 pr-3 font-medium">{i.deployment}</td>
                      <td className="whitespace-nowrap py-2 pr-3 text-xs tabular-nums"><Time at={i.opened_at} /></td>
                      <td className="whitespace-nowrap py-2 pr-3 text-xs tabular-nums">{i.resolved_at ? <Time at={i.resolved_at} /> : "–"}</td>
                      <td className="py-2 pr-3 text-xs">{i.acknowledged_by ? <>{i.acknowledged_by} · <Time at={i.acknowledged_at} /></> : <span className="text-slate-500">not yet</span>}</td>
                      <td className="max-w-[32rem] py-2 pr-3 text-xs" data-testid="incident-slices">
                        {cells.length === 0 ? (
                          <span className="text-slate-500">{i.reason.slice(0, 160) || "–"}</span>
                        ) : (
                          <>
                            {cells.slice(0, 3).map((c, k) => (
                              <span key={`${c.dimension}=${c.value}`} className="mr-2 inline-block">
                                {k === 0 && <span className="text-slate-500">worst </span>}
                                <span className="font-medium">{cellLabel(c)}</span> <span className="text-slate-500">({c.checks.map((k) => k.metric).join(", ")})</span>
                              </span>
                            ))}
                            {cells.length > 3 && <span className="text-slate-500">+{cells.length - 3} more</span>}
                          </>
                        )}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">{deliveries.get(i.id) ?? 0}</td>
                      <td className="py-2 pr-3"><Link href={`/incidents/${encodeURIComponent(i.id)}`} className="text-blue-700 hover:underline" data-testid="incident-link">details →</Link></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </main>
    </>
  );
}

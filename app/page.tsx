import Link from "next/link";
import { LIMITS, OTHER_SLICE } from "@/lib/limits";
import { manifestShort } from "@/lib/view/format";
import { requireUser } from "@/server/http/auth";
import { overviewCards, type OverviewCard } from "@/server/services/deployments";
import { PageFailure } from "./_components/error-banner";
import { DeploymentHealth } from "./_components/deployment-health";
import { Header } from "./_components/header";

export const dynamic = "force-dynamic";

export default async function Overview() {
  const user = await requireUser("/");
  let cards: OverviewCard[];
  try {
    cards = await overviewCards();
  } catch (e) {
    return <PageFailure user={user} title="Could not load deployments" error={e} />;
  }
  return (
    <>
      <Header user={user} />
      <main className="mx-auto max-w-[1800px] px-6 py-6">
        <h1 className="mb-4 text-lg font-semibold">Deployments</h1>
        {cards.length === 0 ? (
          <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-600" data-testid="empty-state">
            <p className="font-medium text-slate-800">No telemetry yet.</p>
            <p className="mt-2">Point an OpenTelemetry exporter at this server with an ingest key:</p>
            <pre className="mt-2 rounded bg-slate-100 p-3 text-xs">{`OTEL_EXPORTER_OTLP_ENDPOINT=<this server's URL>\nOTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <ingest key>"`}</pre>
            <p className="mt-2">Each arm sets the resource attributes quantlens.deployment and quantlens.arm (baseline or canary); see docs/semconv.md.</p>
          </div>
        ) : (
          <ul className="grid gap-4 xl:grid-cols-2" data-testid="deployments">
            {cards.map(({ deployment: d, arms, canaryManifest: canary, dimensions: dims }) => {
              return (
                <li key={d} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="deployment-card" data-deployment={d}>
                  <div className="flex items-baseline justify-between gap-4">
                    <Link href={`/deployments/${encodeURIComponent(d)}`} className="text-base font-semibold hover:underline">{d}</Link>
                    {canary && <span className="font-mono text-xs text-slate-600" data-testid="manifest-short">{manifestShort(canary)}</span>}
                  </div>
                  <DeploymentHealth deployment={d} />
                  <table className="mt-3 w-full text-sm">
                    <thead className="text-left text-xs text-slate-500">
                      <tr><th>arm</th><th className="text-right">req · 5 min</th><th className="text-right">req · 1 h</th><th className="text-right">total</th><th className="text-right">last seen</th></tr>
                    </thead>
                    <tbody>
                      {arms.map((a) => (
                        <tr key={a.arm} data-testid="arm-row" data-arm={a.arm}>
                          <td>{a.arm}</td>
                          <td className="text-right tabular-nums">{a.requests_5m.toLocaleString()}</td>
                          <td className="text-right tabular-nums">{a.requests_1h.toLocaleString()}</td>
                          <td className="text-right tabular-nums">{a.requests_total.toLocaleString()}</td>
                          <td className="text-right text-xs text-slate-500">{a.last_minute} UTC</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {!arms.some((a) => a.arm === "canary") && (
                    <p className="mt-2 text-sm text-amber-800">No canary traffic yet: send spans with quantlens.arm=canary.</p>
                  )}
                  <dl className="mt-3 space-y-1 text-xs text-slate-600" data-testid="slices">
                    {dims.map((s) => (
                      <div key={s.dimension} className="flex gap-2">
                        <dt className="w-32 shrink-0 font-medium text-slate-700">{s.dimension}</dt>
                        <dd className="truncate">
                          {s.values.join(", ")}
                          {s.values.includes(OTHER_SLICE) && (
                            <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900" data-testid="folded" title={`Each dimension keeps at most ${LIMITS.sliceValuesPerDimension} distinct values per deployment; later values are counted under ${OTHER_SLICE} (docs/semconv.md).`}>
                              values past {LIMITS.sliceValuesPerDimension} folded into {OTHER_SLICE}
                            </span>
                          )}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </li>
              );
            })}
          </ul>
        )}
      </main>
    </>
  );
}

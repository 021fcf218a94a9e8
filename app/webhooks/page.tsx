// Webhook endpoints and the delivery log. Operators create, rotate, disable and test endpoints
// and redeliver; secrets are shown once, at creation or rotation.
import { Header } from "@/app/_components/header";
import { PageFailure } from "@/app/_components/error-banner";
import { roleCan } from "@/lib/auth/roles";
import { LIMITS } from "@/lib/limits";
import { requireUser } from "@/server/http/auth";
import { deliveriesWithAttempts } from "@/server/services/deliveries";
import { deploymentList } from "@/server/services/deployments";
import { endpoints as listEndpoints, type PublicEndpoint } from "@/server/services/webhooks";
import { first, type SearchParams } from "@/lib/view/range";
import { CreateEndpoint } from "./_components/create-endpoint";
import { DeliveryLog, type DeliveryView } from "./_components/delivery-log";
import { EndpointActions } from "./_components/endpoint-actions";
import { Time } from "@/app/_components/time";

export const dynamic = "force-dynamic";

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const deployment = (first(sp.deployment) ?? "").slice(0, LIMITS.deploymentChars);
  const user = await requireUser(`/webhooks${deployment ? `?deployment=${encodeURIComponent(deployment)}` : ""}`);
  const canOperate = roleCan(user.role, "operate");
  let endpoints: PublicEndpoint[];
  let deliveries: DeliveryView[];
  let deployments: string[];
  try {
    const [rows, dl, list] = await Promise.all([listEndpoints(), deliveriesWithAttempts({ deployment, limit: 200 }), deploymentList()]);
    endpoints = rows;
    const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
    deliveries = dl.map((d) => ({
      id: d.id,
      event: d.event,
      deployment: d.deployment,
      incident_id: d.incident_id,
      endpoint: urlOf.get(d.endpoint_id) ?? d.endpoint_id,
      state: d.state,
      attempts: Number(d.attempts),
      created_at: d.created_at,
      next_attempt_at: d.next_attempt_at,
      last_status: Number(d.last_status),
      last_error: d.last_error,
      last_latency_ms: Number(d.last_latency_ms),
      payload: JSON.stringify(d.payload, null, 2),
      attempts_log: d.attempts_log.map((a) => ({ attempt: Number(a.attempt), ts: a.ts, status: Number(a.status), latency_ms: Number(a.latency_ms), error: a.error })),
    }));
    deployments = list.map((d) => d.deployment);
  } catch (e) {
    return <PageFailure user={user} crumbs={[{ href: "/webhooks", label: "Webhooks" }]} title="Could not load webhooks" error={e} />;
  }
  const dead = deliveries.filter((d) => d.state === "dead").length;
  return (
    <>
      <Header user={user} crumbs={[{ href: "/webhooks", label: "Webhooks" }]} />
      <main className="mx-auto max-w-[1800px] space-y-5 px-6 py-6">
        <h1 className="text-lg font-semibold">Rollback webhooks</h1>
        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="endpoints">
          <h2 className="mb-2 font-semibold">Endpoints <span className="text-sm font-normal text-slate-600">{endpoints.length}</span></h2>
          {endpoints.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="endpoints-empty">No endpoints yet. {canOperate ? "Create one below." : "An operator can create one."}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="endpoints">
                <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
                  <tr>
                    <th className="py-1 pr-3">url</th><th className="pr-3">deployment</th><th className="pr-3">events</th><th className="pr-3">status</th>
                    <th className="pr-3 text-right">rate/min</th><th className="pr-3">created</th>{canOperate && <th>actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {endpoints.map((e) => (
                    <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="endpoint-row" data-id={e.id} data-url={e.url}>
                      <td className="max-w-[28rem] py-1.5 pr-3 font-mono text-xs">
                        <span className="block truncate" title={e.url}>{e.url}</span>
                        {e.allow_private && <span className="ml-1 rounded border border-yellow-400 bg-yellow-50 px-1 text-[10px] text-yellow-900">private network allowed</span>}
                        {e.headers.length > 0 && <span className="block text-[10px] text-slate-500">headers: {e.headers.join(", ")}</span>}
                      </td>
                      <td className="py-1.5 pr-3 text-xs">{e.deployment || <span className="text-slate-600">all</span>}</td>
                      <td className="py-1.5 pr-3 font-mono text-[11px]">{e.events.join(", ")}</td>
                      <td className="py-1.5 pr-3 text-xs">
                        {e.disabled ? <span className="text-slate-600" data-testid="endpoint-status"><span aria-hidden>⏸ </span>disabled</span> : <span className="text-blue-900" data-testid="endpoint-status"><span aria-hidden>● </span>active</span>}
                        {e.rotating && <span className="block text-yellow-900" data-testid="endpoint-rotating"><span aria-hidden>↻ </span>rotating: two signatures</span>}
                      </td>
                      <td className="py-1.5 pr-3 text-right tabular-nums">{e.rate_per_minute}</td>
                      <td className="whitespace-nowrap py-1.5 pr-3 text-xs text-slate-600">{e.created_by} · <Time at={e.created_at} /></td>
                      {canOperate && (
                        <td className="py-1.5">
                          <EndpointActions id={e.id} url={e.url} disabled={e.disabled} rotating={e.rotating} takesTest={e.events.includes("test")} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canOperate ? (
          <CreateEndpoint deployments={deployments} />
        ) : (
          <p className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700" data-testid="webhooks-readonly">Managing endpoints and redelivering needs the <strong>operator</strong> role.</p>
        )}
        <section aria-label="delivery log" className="space-y-2">
          <h2 className="font-semibold">
            Delivery log{deployment && ` · ${deployment}`} <span className="text-sm font-normal text-slate-600">newest first · {deliveries.length} shown{dead > 0 && <span className="ml-1 font-medium text-orange-900"> · <span aria-hidden>✕ </span>{dead} dead-lettered</span>}</span>
          </h2>
          <DeliveryLog deliveries={deliveries} canOperate={canOperate} />
        </section>
      </main>
    </>
  );
}

"use client";
// The delivery log: one row per delivery (newest first), expandable to every attempt and the
// payload as JSON text; operators can redeliver. Dead-lettered rows stand out.
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { DeliveryBadge } from "@/app/_components/states";
import { Time } from "@/app/_components/time";

export interface DeliveryView {
  id: string;
  event: string;
  deployment: string;
  incident_id: string;
  endpoint: string;
  state: string;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_status: number;
  last_error: string;
  last_latency_ms: number;
  payload: string;
  attempts_log: { attempt: number; ts: string; status: number; latency_ms: number; error: string }[];
}

function Redeliver({ id }: { id: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-1">
      <button
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const res = await callApi(`/api/v1/deliveries/${encodeURIComponent(id)}/redeliver`, "POST");
          setBusy(false);
          setMsg(res.ok ? "queued" : res.error);
          router.refresh();
        }}
        data-testid="redeliver"
      >
        {busy ? "…" : "Redeliver"}
      </button>
      {msg && <span className="text-xs text-slate-600">{msg}</span>}
    </span>
  );
}

export function DeliveryLog({ deliveries, canOperate }: { deliveries: DeliveryView[]; canOperate: boolean }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((cur) => {
      const next = new Set(cur);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (deliveries.length === 0) return <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600" data-testid="deliveries-empty">No deliveries yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="deliveries">
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2" />
            <th className="pr-3">time</th>
            <th className="pr-3">event</th>
            <th className="pr-3">deployment</th>
            <th className="pr-3">endpoint</th>
            <th className="pr-3">state</th>
            <th className="pr-3 text-right">attempts</th>
            <th className="pr-3 text-right">last status</th>
            <th className="pr-3 text-right">last latency</th>
            <th className="pr-3">last error</th>
            <th className="pr-3" />
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => {
            const expanded = open.has(d.id);
            const dead = d.state === "dead";
            return (
              <Fragment key={d.id}>
                <tr
                  className={`border-b border-slate-100 align-top ${dead ? "border-l-4 border-l-orange-500 bg-orange-50" : ""}`}
                  data-testid={dead ? "delivery-dead" : "delivery-row"}
                  data-id={d.id}
                  data-state={d.state}
                  data-event={d.event}
                  data-endpoint={d.endpoint}
                >
                  <td className="px-3 py-1.5">
                    <button onClick={() => toggle(d.id)} aria-expanded={expanded} aria-label={expanded ? "hide attempts and payload" : "show attempts and payload"} className="w-5 text-slate-600 hover:text-slate-900" data-testid="delivery-expand">
                      {expanded ? "▾" : "▸"}
                    </button>
                  </td>
                  <td className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs tabular-nums"><Time at={d.created_at} /></td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{d.event}</td>
                  <td className="py-1.5 pr-3 text-xs">{d.deployment || <span className="text-slate-500">–</span>}</td>
                  <td className="max-w-[22rem] truncate py-1.5 pr-3 font-mono text-xs" title={d.endpoint}>{d.endpoint}</td>
                  <td className="py-1.5 pr-3"><DeliveryBadge state={d.state} testId="delivery-state" /></td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{d.attempts}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums" data-testid="delivery-status">{d.last_status || "–"}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{d.attempts > 0 ? `${Math.round(d.last_latency_ms)} ms` : "–"}</td>
                  <td className="max-w-[24rem] py-1.5 pr-3 text-xs text-orange-900" data-testid="delivery-error" title={d.last_error}><span className="line-clamp-2">{d.last_error}</span></td>
                  <td className="py-1.5 pr-3">{canOperate && <Redeliver id={d.id} />}</td>
                </tr>
                {expanded && (
                  <tr className="border-b border-slate-200 bg-slate-50" data-testid="delivery-details">
                    <td />
                    <td colSpan={10} className="py-2 pr-3">
                      <p className="text-xs text-slate-600">
                        delivery <span className="font-mono">{d.id}</span>
                        {d.incident_id && <> · incident <a className="text-blue-700 hover:underline" href={`/incidents/${encodeURIComponent(d.incident_id)}`}>{d.incident_id}</a></>}
                        {d.state === "pending" && <> · next attempt <Time at={d.next_attempt_at} /></>}
                      </p>
                      <table className="mt-1 text-xs" data-testid="delivery-attempts">
                        <thead className="text-left text-slate-500">
                          <tr><th className="pr-3">#</th><th className="pr-3">time</th><th className="pr-3 text-right">status</th><th className="pr-3 text-right">latency</th><th>error</th></tr>
                        </thead>
                        <tbody>
                          {d.attempts_log.length === 0 && <tr><td colSpan={5} className="text-slate-500">no attempts yet</td></tr>}
                          {d.attempts_log.map((a) => (
                            <tr key={`${a.attempt}-${a.ts}`}>
                              <td className="pr-3 tabular-nums">{a.attempt}</td>
                              <td className="pr-3 font-mono tabular-nums"><Time at={a.ts} /></td>
                              <td className="pr-3 text-right tabular-nums">
                                <span aria-hidden>{a.status >= 200 && a.status < 300 ? "✓ " : "✕ "}</span>
                                {a.status || "no response"}
                              </td>
                              <td className="pr-3 text-right tabular-nums">{Math.round(a.latency_ms)} ms</td>
                              <td className="text-orange-900">{a.error}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      <p className="mt-2 text-xs font-medium text-slate-600">payload</p>
                      <pre className="mt-1 max-h-96 overflow-auto rounded border border-slate-200 bg-white p-2 text-xs" data-testid="delivery-payload">{d.payload}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

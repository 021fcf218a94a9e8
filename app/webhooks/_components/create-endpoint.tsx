"use client";
// Create a webhook endpoint (operators). The response carries the secret, shown here once.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useHydrated } from "@/app/_components/use-hydrated";
import { SecretBox } from "./secret-box";

const EVENTS = ["incident.opened", "incident.resolved", "rollback.requested", "test"] as const;

export function CreateEndpoint({ deployments }: { deployments: string[] }) {
  const router = useRouter();
  const ready = useHydrated();
  const [url, setUrl] = useState("");
  const [deployment, setDeployment] = useState("");
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [rate, setRate] = useState("60");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; url: string; secret: string } | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi<{ endpoint: { id: string; url: string }; secret: string }>("/api/v1/webhooks", "POST", {
      url,
      deployment,
      events,
      allow_private: allowPrivate,
      rate_per_minute: Number(rate),
    });
    setBusy(false);
    if (!res.ok || !res.data) {
      setError(res.error);
      return;
    }
    setCreated({ id: res.data.endpoint.id, url: res.data.endpoint.url, secret: res.data.secret });
    setUrl("");
    router.refresh();
  }

  const toggle = (ev: string) => setEvents((cur) => (cur.includes(ev) ? cur.filter((x) => x !== ev) : [...cur, ev]));

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="new endpoint" data-testid="webhook-form" data-ready={ready}>
      <h2 className="mb-2 font-semibold">New endpoint</h2>
      {created && <div className="mb-3"><SecretBox secret={created.secret} title={`Signing secret for ${created.url} (${created.id})`} onDismiss={() => setCreated(null)} /></div>}
      <form onSubmit={submit} className="grid gap-3 text-sm md:grid-cols-[2fr_1fr_8rem]">
        <label className="flex flex-col">
          <span className="text-slate-600">URL (http or https)</span>
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://deploy.example.com/quantlens" className="rounded border border-slate-300 px-2 py-1 font-mono text-xs" data-testid="webhook-url" />
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">Deployment</span>
          <select value={deployment} onChange={(e) => setDeployment(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="webhook-deployment">
            <option value="">all deployments</option>
            {deployments.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-slate-600">Rate per minute</span>
          <input type="number" min={1} max={6000} required value={rate} onChange={(e) => setRate(e.target.value)} className="rounded border border-slate-300 px-2 py-1" data-testid="webhook-rate" />
        </label>
        <fieldset className="flex flex-wrap items-center gap-3 md:col-span-3">
          <legend className="sr-only">Events</legend>
          <span className="text-slate-600">Events:</span>
          {EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-1">
              <input type="checkbox" checked={events.includes(ev)} onChange={() => toggle(ev)} data-testid={`webhook-event-${ev}`} />
              <span className="font-mono text-xs">{ev}</span>
            </label>
          ))}
        </fieldset>
        <div className="md:col-span-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} data-testid="webhook-allow-private" />
            <span>Allow private networks (loopback, 10/8, 172.16/12, 192.168/16, …)</span>
          </label>
          {allowPrivate && (
            <p className="mt-1 rounded border border-yellow-400 bg-yellow-50 px-2 py-1 text-xs text-yellow-950" data-testid="private-warning">
              <span aria-hidden>! </span>This lets Quantlens send requests into your internal network. Only allow it for a receiver you control; link-local and cloud metadata addresses stay blocked.
            </p>
          )}
        </div>
        {error && <p role="alert" className="rounded border border-orange-400 bg-orange-50 p-2 text-orange-950 md:col-span-3" data-testid="webhook-error"><span aria-hidden>✕ </span>{error}</p>}
        <div className="md:col-span-3">
          <button type="submit" disabled={!ready || busy || events.length === 0} className="rounded bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-50" data-testid="webhook-create">
            {busy ? "Creating…" : "Create endpoint"}
          </button>
        </div>
      </form>
    </section>
  );
}

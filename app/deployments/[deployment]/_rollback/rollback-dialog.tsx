"use client";
// "Request rollback" (operators): a confirm dialog with a reason, then rollback.requested goes to
// every endpoint of the deployment (and the catch-all ones); shows how many it was sent to.
// Disabled, with the reason beside it, when no endpoint would receive it (rollback-button.tsx).
import { useEffect, useRef, useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { callApi } from "@/app/_components/api-client";
import { useHydrated } from "@/app/_components/use-hydrated";

export function RollbackDialog({ deployment, role, disabledReason }: { deployment: string; role: Role; disabledReason?: string }) {
  const ready = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [openDialog, setOpenDialog] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (openDialog && !d.open) d.showModal();
    if (!openDialog && d.open) d.close();
  }, [openDialog]);

  if (role !== "operator" && role !== "admin") return null;

  async function send(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const res = await callApi<{ deliveries: string[] }>(`/api/v1/deployments/${encodeURIComponent(deployment)}/rollback`, "POST", { reason });
    setBusy(false);
    setOpenDialog(false);
    if (res.ok && res.data) {
      const n = res.data.deliveries.length;
      setResult({ ok: n > 0, text: n > 0 ? `Rollback requested: sent to ${n} endpoint${n === 1 ? "" : "s"}.` : "Rollback requested, but no enabled endpoint takes rollback.requested for this deployment: nothing was sent." });
      setReason("");
    } else setResult({ ok: false, text: res.error ?? "failed" });
  }

  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="rollback" data-ready={ready}>
      <button disabled={!ready || Boolean(disabledReason)} title={disabledReason} onClick={() => { setResult(null); setOpenDialog(true); }} className="rounded border-2 border-orange-500 bg-white px-3 py-1 text-sm font-medium text-orange-900 hover:bg-orange-50 disabled:cursor-not-allowed disabled:border-slate-300 disabled:text-slate-500 disabled:hover:bg-white" data-testid="rollback-open">
        <span aria-hidden>↶ </span>Request rollback
      </button>
      {disabledReason && (
        <span className="text-sm text-slate-600" data-testid="rollback-disabled">
          {disabledReason} <a href="/webhooks" className="text-blue-700 hover:underline">Add one on Webhooks</a>.
        </span>
      )}
      {result && (
        <span role="status" className={`text-sm ${result.ok ? "text-blue-900" : "text-orange-900"}`} data-testid="rollback-result">
          <span aria-hidden>{result.ok ? "✓ " : "! "}</span>{result.text}{" "}
          <a href={`/webhooks?deployment=${encodeURIComponent(deployment)}`} className="text-blue-700 hover:underline">delivery log</a>
        </span>
      )}
      <dialog ref={dialog} onClose={() => setOpenDialog(false)} className="w-[32rem] max-w-[95vw] rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40" aria-labelledby="rollback-title">
        <form onSubmit={send} className="space-y-3 p-4 text-sm">
          <h2 id="rollback-title" className="text-base font-semibold">Request a rollback of {deployment}?</h2>
          <p className="text-slate-700">
            Sends a signed <code className="rounded bg-slate-100 px-1">rollback.requested</code> event, with the current verdict and evidence, to every enabled webhook endpoint for this deployment. Your rollout controller decides what happens next.
          </p>
          <label className="flex flex-col gap-1">
            <span className="text-slate-600">Reason (recorded in the audit log and sent to receivers)</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required rows={3} maxLength={1000} className="rounded border border-slate-300 p-2" data-testid="rollback-reason" />
          </label>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setOpenDialog(false)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">Cancel</button>
            <button type="submit" disabled={busy || !reason.trim()} className="rounded bg-orange-700 px-3 py-1 font-medium text-white hover:bg-orange-800 disabled:opacity-50" data-testid="rollback-confirm">
              {busy ? "Sending…" : "Send rollback request"}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}

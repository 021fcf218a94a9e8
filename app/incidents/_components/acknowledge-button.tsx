"use client";
// Acknowledge an open incident (operators): records who is on it, audited.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";

export function AcknowledgeButton({ id }: { id: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function ack() {
    setBusy(true);
    setError(null);
    const res = await callApi(`/api/v1/incidents/${encodeURIComponent(id)}/acknowledge`, "POST");
    setBusy(false);
    if (!res.ok) setError(res.error);
    router.refresh();
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button onClick={ack} disabled={busy} className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50" data-testid="acknowledge">
        {busy ? "Acknowledging…" : "Acknowledge"}
      </button>
      {error && <span role="alert" className="text-sm text-orange-900"><span aria-hidden>✕ </span>{error}</span>}
    </span>
  );
}

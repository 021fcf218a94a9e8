"use client";
// Per-endpoint operator controls: send test, rotate (new secret shown once), finish rotation, disable/enable.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { SecretBox } from "./secret-box";

export function EndpointActions({ id, url, disabled, rotating, takesTest }: { id: string; url: string; disabled: boolean; rotating: boolean; takesTest: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const base = `/api/v1/webhooks/${encodeURIComponent(id)}`;

  async function run(name: string, path: string, method: "POST" | "PATCH", body?: unknown, done?: (data: unknown) => string) {
    setBusy(name);
    setMessage(null);
    const res = await callApi(path, method, body);
    setBusy(null);
    if (!res.ok) setMessage({ ok: false, text: res.error ?? "failed" });
    else setMessage({ ok: true, text: done ? done(res.data) : "done" });
    router.refresh();
    return res;
  }

  const btn = "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50";
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1.5">
        <button className={btn} disabled={busy !== null || disabled || !takesTest} title={takesTest ? "" : "this endpoint does not subscribe to test events"} onClick={() => run("test", `${base}/test`, "POST", undefined, () => "test event queued")} data-testid="webhook-test">
          {busy === "test" ? "Sending…" : "Send test"}
        </button>
        <button
          className={btn}
          disabled={busy !== null}
          onClick={async () => {
            if (!window.confirm(`Rotate the signing secret of ${url}? Both secrets sign until you finish the rotation.`)) return;
            const res = await run("rotate", `${base}/rotate`, "POST", undefined, () => "new secret created; both secrets sign until you finish the rotation");
            const s = (res.data as { secret?: string } | null)?.secret;
            if (res.ok && s) setSecret(s);
          }}
          data-testid="webhook-rotate"
        >
          Rotate secret
        </button>
        {rotating && (
          <button className={btn} disabled={busy !== null} onClick={() => run("finish", base, "PATCH", { finish_rotation: true }, () => "rotation finished: only the new secret signs")} data-testid="webhook-finish-rotation">
            Finish rotation
          </button>
        )}
        <button className={btn} disabled={busy !== null} onClick={() => run("toggle", base, "PATCH", { disabled: !disabled }, () => (disabled ? "enabled" : "disabled"))} data-testid="webhook-toggle">
          {disabled ? "Enable" : "Disable"}
        </button>
      </div>
      {message && (
        <p role="status" className={`text-xs ${message.ok ? "text-blue-900" : "text-orange-900"}`} data-testid="webhook-action-result">
          <span aria-hidden>{message.ok ? "✓ " : "✕ "}</span>{message.text}
        </p>
      )}
      {secret && <SecretBox secret={secret} title={`New signing secret for ${url}`} onDismiss={() => setSecret(null)} />}
    </div>
  );
}

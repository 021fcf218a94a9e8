"use client";
// A signing secret, shown once: copyable, with a clear warning.
import { useState } from "react";

export function SecretBox({ secret, title, onDismiss }: { secret: string; title: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div role="status" className="rounded-lg border-2 border-orange-400 bg-orange-50 p-3 text-sm text-orange-950" data-testid="new-secret">
      <p className="font-semibold"><span aria-hidden>! </span>{title}</p>
      <p className="mt-1 text-xs">Copy it now: this is the only time it is shown. Quantlens stores it encrypted and never returns it. Receivers verify the Quantlens-Signature header with it (docs/webhooks.md).</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input readOnly value={secret} onFocus={(e) => e.currentTarget.select()} className="min-w-[24rem] flex-1 rounded border border-orange-300 bg-white px-2 py-1 font-mono text-xs" aria-label="signing secret" data-testid="new-secret-value" />
        <button type="button" onClick={copy} className="rounded border border-orange-400 bg-white px-2 py-1 text-xs hover:bg-orange-100">{copied ? "✓ Copied" : "Copy"}</button>
        <button type="button" onClick={onDismiss} className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100">I have stored it</button>
      </div>
    </div>
  );
}

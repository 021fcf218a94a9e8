"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useHydrated } from "@/app/_components/use-hydrated";

export function ChangePasswordForm() {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const ready = useHydrated();
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const current = String(form.get("current") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The new passwords do not match.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      const res = await fetch("/api/v1/me/password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ current, password }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      if (!res.ok) {
        setError(body.error ? `${body.error[0].toUpperCase()}${body.error.slice(1)}.` : `The change failed (HTTP ${res.status}).`);
        return;
      }
      // Every session of this user has ended on the server; clear this one's cookie too.
      await signOut({ callbackUrl: "/signin?changed=1" });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="password-form" data-ready={ready ? "true" : "false"}>
      <label className="block text-sm">
        <span className="text-slate-700">Current password</span>
        <input name="current" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">New password</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={12} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">New password again</span>
        <input name="confirm" type="password" autoComplete="new-password" required minLength={12} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      {error && <p className="text-sm text-red-700" data-testid="password-error">{error}</p>}
      <button disabled={busy || !ready} className="w-full rounded bg-slate-900 px-3 py-2 text-white disabled:opacity-50" data-testid="password-submit">
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

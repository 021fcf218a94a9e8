"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useHydrated } from "@/lib/ui/use-hydrated";

export function SignInForm({ callbackUrl, failed, oidc }: { callbackUrl: string; failed: boolean; oidc: boolean }) {
  const [error, setError] = useState(failed ? "Sign-in failed." : "");
  const [busy, setBusy] = useState(false);
  // Before hydration a click would submit the form natively and lose what was typed.
  const ready = useHydrated();
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", {
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setBusy(false);
    if (res?.ok && !res.error) window.location.assign(callbackUrl);
    else setError(res?.error && /too many/i.test(res.error) ? "Too many sign-in attempts; wait a few minutes." : "Wrong username or password.");
  }
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="signin-form" data-ready={ready ? "true" : "false"}>
      <label className="block text-sm">
        <span className="text-slate-700">Username</span>
        <input name="username" autoComplete="username" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      {error && <p className="text-sm text-red-700" data-testid="signin-error">{error}</p>}
      <button disabled={busy || !ready} className="w-full rounded bg-slate-900 px-3 py-2 text-white disabled:opacity-50">
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {oidc && (
        <button type="button" onClick={() => signIn("oidc", { callbackUrl })} className="w-full rounded border border-slate-300 px-3 py-2">
          Single sign-on
        </button>
      )}
    </form>
  );
}

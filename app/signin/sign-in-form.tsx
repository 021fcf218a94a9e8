"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { useHydrated } from "@/app/_components/use-hydrated";

function failure(error: string | null | undefined): string {
  const wait = error ? /wait (\d+) s/.exec(error) : null;
  if (wait) return `Too many sign-in attempts; wait ${wait[1]} s and try again.`;
  if (error && /too many/i.test(error)) return "Too many sign-in attempts; wait a little and try again.";
  return "Wrong username or password.";
}

/** `failure`: what went wrong last time (from the page's ?error=); `oidc`: the single sign-on button's label, or null. */
export function SignInForm({ callbackUrl, failure: failed, oidc }: { callbackUrl: string; failure: string; oidc: string | null }) {
  const [error, setError] = useState(failed);
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
    // Checked again here: this is where the browser is sent, so this is where it must hold.
    if (res?.ok && !res.error) window.location.assign(safeCallbackPath(callbackUrl));
    else setError(failure(res?.error));
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
          {oidc}
        </button>
      )}
    </form>
  );
}

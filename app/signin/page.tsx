import { config } from "@/server/runtime/config";
import { oidcButtonName } from "@/lib/auth/oidc";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

/** What next-auth's error codes (in ?error=) mean for the person at the sign-in page. */
function signInError(code: string | undefined): string {
  switch (code) {
    case undefined:
    case "":
      return "";
    case "AccessDenied":
      return "Your single sign-on account is not allowed to use Quantlens. Ask a Quantlens admin if you need access.";
    case "OAuthSignin":
      return "The single sign-on provider could not be reached, or its settings could not be read. Try again in a moment; if it keeps failing, tell an admin.";
    case "OAuthCallback":
    case "Callback":
      return "Single sign-on did not complete: it was cancelled at the provider, or its answer was refused. Try again.";
    case "Configuration":
      return "Sign-in is misconfigured on the server. Tell an admin.";
    case "CredentialsSignin":
      return "Wrong username or password.";
    default:
      return "Sign-in failed. Try again.";
  }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; changed?: string }> }) {
  const sp = await searchParams;
  const oidc = oidcButtonName(config().oidcEnv);
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const callbackUrl = safeCallbackPath(Array.isArray(sp.callbackUrl) ? sp.callbackUrl[0] : sp.callbackUrl);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Quantlens</h1>
      <p className="mb-6 text-sm text-slate-500">Canary vs baseline, per slice, for quantized models.</p>
      {sp.changed && (
        <p className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="signin-notice">
          Password changed. Sign in with the new password.
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} failure={signInError(Array.isArray(sp.error) ? sp.error[0] : sp.error)} oidc={oidc} />
    </main>
  );
}

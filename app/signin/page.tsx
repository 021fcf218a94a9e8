import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const sp = await searchParams;
  const oidc = Boolean(process.env.QUANTLENS_OIDC_ISSUER);
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Quantlens</h1>
      <p className="mb-6 text-sm text-slate-500">Canary vs baseline, per slice, for quantized models.</p>
      <SignInForm callbackUrl={safeCallback(sp.callbackUrl)} failed={Boolean(sp.error)} oidc={oidc} />
    </main>
  );
}

// Only same-site paths: an open redirect after sign-in would be a phishing aid.
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

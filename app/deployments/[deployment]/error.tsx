"use client";
// Errors thrown while streaming (e.g. the charts' queries) land here, as a visible banner.
export default function DeploymentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-[1800px] px-6 py-6">
      <div role="alert" className="rounded-lg border-2 border-orange-400 bg-orange-50 p-4 text-sm text-orange-950" data-testid="error-banner">
        <p className="font-semibold"><span aria-hidden>✕ </span>This page failed to load.</p>
        <p className="mt-1 font-mono text-xs">{error.digest ? `error id ${error.digest}` : error.message}</p>
        <button type="button" onClick={reset} className="mt-2 rounded border border-orange-400 bg-white px-2 py-1 text-xs">Try again</button>
      </div>
    </main>
  );
}

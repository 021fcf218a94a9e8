// Empty and error states shared by the deployment and slice pages.

export function ErrorBanner({ title, message }: { title: string; message: string }) {
  return (
    <div role="alert" className="rounded-lg border-2 border-orange-400 bg-orange-50 p-4 text-sm text-orange-950" data-testid="error-banner">
      <p className="font-semibold"><span aria-hidden>✕ </span>{title}</p>
      <p className="mt-1 font-mono text-xs">{message}</p>
      <p className="mt-2 text-xs">The page refreshes every 10 seconds; if this persists, check the server log.</p>
    </div>
  );
}

export function NoTelemetry({ deployment }: { deployment: string }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-700" data-testid="no-telemetry">
      <p className="text-base font-semibold text-slate-900">No telemetry for {deployment}.</p>
      <p className="mt-2">
        Nothing has been received for this deployment. Each arm must export with the resource attributes
        <code className="mx-1 rounded bg-slate-100 px-1">quantlens.deployment={deployment}</code> and
        <code className="mx-1 rounded bg-slate-100 px-1">quantlens.arm</code> (baseline or canary); see docs/semconv.md.
      </p>
    </div>
  );
}

export function NoCanary({ deployment }: { deployment: string }) {
  return (
    <div className="rounded-lg border border-yellow-400 bg-yellow-50 p-4 text-sm text-yellow-950" data-testid="no-canary">
      <p className="font-semibold"><span aria-hidden>? </span>No canary traffic for {deployment} in this window.</p>
      <p className="mt-1">
        Send spans from the quantized arm with the resource attribute <code className="rounded bg-white px-1">quantlens.arm=canary</code> (and the same
        <code className="mx-1 rounded bg-white px-1">quantlens.deployment</code>), plus <code className="rounded bg-white px-1">quantlens.shadow_comparison</code> log records for agreement.
        Until then every check reads “insufficient data”.
      </p>
    </div>
  );
}

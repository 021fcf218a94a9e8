"use client";
// Any page's uncaught error: a generic message and, for a server error, the digest Next.js logged
// it under. Never the error's text (it may be the database's).
import { useEffect } from "react";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <main className="mx-auto max-w-[1800px] px-6 py-6">
      <div role="alert" className="rounded-lg border-2 border-orange-400 bg-orange-50 p-4 text-sm text-orange-950" data-testid="error-banner">
        <p className="font-semibold"><span aria-hidden>✕ </span>This page failed to load.</p>
        <p className="mt-1 text-xs">
          {error.digest ? (
            <>Error id <code className="rounded bg-white px-1 font-mono" data-testid="error-id">{error.digest}</code>: the server log has the details under it.</>
          ) : (
            "Something went wrong in the browser; the browser console has the details."
          )}
        </p>
        <div className="mt-2 flex gap-2 text-xs">
          <button type="button" onClick={reset} className="rounded border border-orange-400 bg-white px-2 py-1">Try again</button>
          <a href="/" className="rounded border border-orange-400 bg-white px-2 py-1">Overview</a>
        </div>
      </div>
    </main>
  );
}

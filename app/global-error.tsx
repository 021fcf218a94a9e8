"use client";
// When the root layout itself fails: a page of its own (it replaces the layout), with the digest
// Next.js logged the error under, never the error's text.
import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <main className="mx-auto mt-24 max-w-lg rounded-lg border-2 border-orange-400 bg-orange-50 p-6 text-sm text-orange-950" role="alert" data-testid="error-banner">
          <h1 className="font-semibold">Quantlens failed to load this page.</h1>
          <p className="mt-2 text-xs">
            {error.digest ? <>Error id <code className="font-mono" data-testid="error-id">{error.digest}</code>: the server log has the details under it.</> : "Something went wrong in the browser."}
          </p>
          <button type="button" onClick={reset} className="mt-3 rounded border border-orange-400 bg-white px-2 py-1 text-xs">Try again</button>
        </main>
      </body>
    </html>
  );
}

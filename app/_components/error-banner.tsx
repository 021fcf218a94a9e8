// The one way a page says that something failed: our own words, and the error id apart (so it
// can be quoted and found in the server log). Never the engine's text (server/http/page-errors.ts).
import type { SessionUser } from "@/server/http/auth";
import { pageError, type PageError } from "@/server/http/page-errors";
import { Header, type Crumb } from "./header";

export function ErrorBanner({ title, error }: { title: string; error: PageError }) {
  return (
    <div role="alert" className="rounded-lg border-2 border-orange-400 bg-orange-50 p-4 text-sm text-orange-950" data-testid="error-banner">
      <p className="font-semibold"><span aria-hidden>✕ </span>{title}</p>
      <p className="mt-1 text-xs">{error.message}</p>
      {error.errorId && (
        <p className="mt-1 text-xs">
          Error id <code className="rounded bg-white px-1 font-mono" data-testid="error-id">{error.errorId}</code>: the server log has the details under it.
        </p>
      )}
      <p className="mt-2 text-xs">The page refreshes every 10 seconds; if this persists, check the server log.</p>
    </div>
  );
}

/** A whole page that could not load its data: the header, and the banner for `error`. */
export function PageFailure({ user, crumbs, title, error }: { user: SessionUser; crumbs?: Crumb[]; title: string; error: unknown }) {
  return (
    <>
      <Header user={user} crumbs={crumbs} />
      <main className="mx-auto max-w-[1800px] px-6 py-6">
        <ErrorBanner title={title} error={pageError(error)} />
      </main>
    </>
  );
}

// Any address that is not a page, or a page's notFound() (an unknown incident): said plainly, with a way back.
import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-start justify-center px-6 pt-24">
      <div className="w-full max-w-lg rounded-lg border border-slate-200 bg-white p-8 text-sm shadow-sm" data-testid="not-found">
        <div className="flex items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- the app's own small SVG icon */}
          <img src="/icon.svg" alt="" width={32} height={32} />
          <span className="font-semibold tracking-tight">Quantlens</span>
        </div>
        <p className="mt-6 font-mono text-4xl font-semibold text-slate-300" aria-hidden>404</p>
        <h1 className="mt-2 text-lg font-semibold text-slate-900">Not found</h1>
        <p className="mt-2 text-slate-600">
          There is no page at this address. A deployment, slice or incident may have been renamed, or the link was cut short.
        </p>
        <nav className="mt-6 flex flex-wrap gap-3" aria-label="ways back">
          <Link href="/" prefetch={false} className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white hover:bg-slate-700">Back to the overview</Link>
          <Link href="/incidents" prefetch={false} className="rounded border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100">Incidents</Link>
        </nav>
      </div>
    </main>
  );
}

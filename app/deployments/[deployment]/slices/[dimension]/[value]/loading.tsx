export default function Loading() {
  return (
    <main className="mx-auto max-w-[1800px] px-6 py-6" aria-busy="true" data-testid="page-loading">
      <div className="h-6 w-48 animate-pulse rounded bg-slate-200" />
      <div className="mt-4 h-20 animate-pulse rounded-lg bg-slate-200" />
      <div className="mt-4 h-64 animate-pulse rounded-lg bg-slate-200" />
      <p className="mt-3 text-sm text-slate-500">Loading deployment…</p>
    </main>
  );
}

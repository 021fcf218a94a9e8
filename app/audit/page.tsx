// The audit log: who did what to which target, newest first; ?target= narrows it.
import Link from "next/link";
import { Header } from "@/app/_components/header";
import { PageFailure } from "@/app/_components/error-banner";
import { requireUser } from "@/server/http/auth";
import { auditLog, type AuditEntry } from "@/server/services/audit";
import { first, type SearchParams } from "@/lib/view/range";
import { Time } from "@/app/_components/time";

export const dynamic = "force-dynamic";

function details(s: string): string {
  if (!s || s === "{}") return "";
  try {
    return JSON.stringify(JSON.parse(s), null, 1).replace(/\n\s*/g, " ");
  } catch {
    return s;
  }
}

function targetHref(t: string): string | null {
  if (t.startsWith("inc_")) return `/incidents/${encodeURIComponent(t)}`;
  if (t.startsWith("wh_") || t.startsWith("dl_")) return "/webhooks";
  return null;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const target = (first(sp.target) ?? "").slice(0, 200);
  const user = await requireUser(`/audit${target ? `?target=${encodeURIComponent(target)}` : ""}`);
  let rows: AuditEntry[];
  try {
    rows = await auditLog({ target, limit: 500 });
  } catch (e) {
    return <PageFailure user={user} crumbs={[{ href: "/audit", label: "Audit" }]} title="Could not load the audit log" error={e} />;
  }
  return (
    <>
      <Header user={user} crumbs={[{ href: "/audit", label: "Audit" }]} />
      <main className="mx-auto max-w-[1800px] space-y-4 px-6 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">Audit log <span className="text-sm font-normal text-slate-600">newest first · {rows.length} shown</span></h1>
          <form method="get" action="/audit" className="flex items-center gap-2 text-sm">
            <label htmlFor="target" className="text-slate-600">target</label>
            <input id="target" name="target" defaultValue={target} placeholder="e.g. chat-assistant or inc_…" className="rounded border border-slate-300 px-2 py-1" />
            <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100">Filter</button>
            {target && <Link href="/audit" className="text-blue-700 hover:underline">clear</Link>}
          </form>
        </div>
        {rows.length === 0 ? (
          <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600" data-testid="audit-empty">No audit entries{target && ` for ${target}`}.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm" data-testid="audit">
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
                <tr><th className="px-3 py-2">when</th><th className="pr-3">who</th><th className="pr-3">what</th><th className="pr-3">target</th><th className="pr-3">details</th></tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const href = targetHref(r.target);
                  return (
                    <tr key={`${r.ts}-${i}`} className="border-b border-slate-100 align-top" data-testid="audit-row" data-action={r.action}>
                      <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs tabular-nums"><Time at={r.ts} /></td>
                      <td className="whitespace-nowrap py-1.5 pr-3">{r.actor}</td>
                      <td className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs">{r.action}</td>
                      <td className="py-1.5 pr-3 font-mono text-xs">{href ? <Link href={href} className="text-blue-700 hover:underline">{r.target}</Link> : r.target}</td>
                      <td className="max-w-[48rem] py-1.5 pr-3 font-mono text-xs text-slate-600" title={details(r.details)}><span className="line-clamp-2 break-all">{details(r.details)}</span></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </main>
    </>
  );
}

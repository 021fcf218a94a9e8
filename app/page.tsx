import { cookies } from "next/headers";
import Link from "next/link";
import { STATUSES } from "@/lib/judgment/types";
import { LIMITS, OTHER_SLICE } from "@/lib/limits";
import { manifestShort } from "@/lib/view/format";
import { CARD_BOUNDS, cardView, filterHref, parseFilter, QUERY_CHARS, STALE_MINUTES, type OverviewView } from "@/lib/view/overview";
import { STATUS_WORD } from "@/lib/view/status";
import { TZ_COOKIE, zoneOf } from "@/lib/view/time";
import { requireUser } from "@/server/http/auth";
import { overviewPage, type OverviewCard as CardData } from "@/server/services/overview";
import { PageFailure } from "./_components/error-banner";
import { DeploymentHealth } from "./_components/deployment-health";
import { OverviewCard } from "./_components/overview-card";
import { Header } from "./_components/header";
import { StatusMark } from "./_components/status";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Overview({ searchParams }: Props) {
  const sp = await searchParams;
  const user = await requireUser(filterHref(parseFilter(sp)));
  const now = Date.now();
  // Card times are formatted on the server (the cards carry text), in the viewer's chosen zone.
  const zone = zoneOf((await cookies()).get(TZ_COOKIE)?.value);
  let view: OverviewView<CardData>;
  try {
    view = await overviewPage(sp, now);
  } catch (e) {
    return <PageFailure user={user} title="Could not load deployments" error={e} />;
  }
  return (
    <>
      <Header user={user} />
      <main className="mx-auto max-w-[1800px] px-6 py-6">
        <h1 className="mb-3 text-lg font-semibold">Deployments</h1>
        {view.total === 0 ? (
          <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-sm text-slate-600" data-testid="empty-state">
            <p className="font-medium text-slate-800">No telemetry yet.</p>
            <p className="mt-2">Point an OpenTelemetry exporter at this server with an ingest key:</p>
            <pre className="mt-2 rounded bg-slate-100 p-3 text-xs">{`OTEL_EXPORTER_OTLP_ENDPOINT=<this server's URL>\nOTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <ingest key>"`}</pre>
            <p className="mt-2">Each arm sets the resource attributes quantlens.deployment and quantlens.arm (baseline or canary); see docs/semconv.md.</p>
          </div>
        ) : (
          <>
            <Toolbar view={view} />
            {view.cards.length === 0 ? (
              <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600" data-testid="no-matches">
                No deployment matches this filter. <Link href="/" className="text-blue-700 hover:underline">Show all {view.total}</Link>
              </p>
            ) : (
              <ul className="grid gap-4 xl:grid-cols-2" data-testid="deployments">
                {view.cards.map((c, i) => (
                  <OverviewCard key={c.deployment} card={cardView(c, c.canaryManifest ? manifestShort(c.canaryManifest) : "", now, zone)}>
                    {/* Rendered with the page, not streamed: a streamed boundary here made the runtime load the
                        error boundary's chunk later, as a script without the page's nonce. */}
                    {i < CARD_BOUNDS.sparklines && <DeploymentHealth deployment={c.deployment} now={now} />}
                  </OverviewCard>
                ))}
              </ul>
            )}
            <p className="mt-4 text-xs text-slate-500">
              Worst first, then longest in that state. An arm is stale after {STALE_MINUTES} minutes without requests. A card lists at most {CARD_BOUNDS.dimensions} dimensions and {CARD_BOUNDS.values} values each (busiest first); each dimension keeps at most {LIMITS.sliceValuesPerDimension} distinct values per deployment, later ones are counted under {OTHER_SLICE} (docs/semconv.md).
            </p>
            {view.hidden > 0 && (
              <p className="mt-4 text-sm text-slate-600" data-testid="more-cards">
                +{view.hidden} more deployments not shown (the {view.cards.length} worst are); narrow the filter to see them.
              </p>
            )}
          </>
        )}
      </main>
    </>
  );
}

/** Counts per status (each a link to that filter) and the filter form: plain links and a GET form, so both work without JavaScript. */
function Toolbar({ view }: { view: OverviewView<CardData> }) {
  const { filter, counts } = view;
  const chip = "inline-flex items-center gap-1 rounded border px-2 py-0.5 text-sm";
  return (
    <div className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
      <nav aria-label="deployments per status" className="flex flex-wrap items-center gap-2" data-testid="status-counts">
        <Link href={filterHref({ status: null, q: filter.q })} className={`${chip} ${filter.status === null ? "border-slate-500 bg-slate-100 font-semibold" : "border-slate-200 bg-white"}`} data-testid="status-count" data-status="all" data-count={view.matching} aria-current={filter.status === null ? "page" : undefined}>
          all <span className="tabular-nums">{view.matching}</span>
        </Link>
        {STATUSES.map((s) => (
          <Link key={s} href={filterHref({ status: s, q: filter.q })} className={`${chip} ${filter.status === s ? "border-slate-500 bg-slate-100 font-semibold" : "border-slate-200 bg-white"} ${counts[s] === 0 ? "text-slate-400" : ""}`} data-testid="status-count" data-status={s} data-count={counts[s]} aria-current={filter.status === s ? "page" : undefined}>
            <StatusMark status={s} /> {STATUS_WORD[s]} <span className="tabular-nums">{counts[s]}</span>
          </Link>
        ))}
      </nav>
      <form method="get" action="/" className="flex items-center gap-2 text-sm" data-testid="filter-form" role="search">
        <label className="sr-only" htmlFor="filter-status">status</label>
        <select id="filter-status" name="status" defaultValue={filter.status ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="filter-status">
          <option value="">any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{STATUS_WORD[s]}</option>)}
        </select>
        <label className="sr-only" htmlFor="filter-q">name contains</label>
        <input id="filter-q" name="q" type="search" defaultValue={filter.q} maxLength={QUERY_CHARS} placeholder="name contains…" className="w-48 rounded border border-slate-300 px-2 py-1" data-testid="filter-q" />
        <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50" data-testid="filter-submit">Filter</button>
        {(filter.status || filter.q) && <Link href="/" className="text-blue-700 hover:underline" data-testid="filter-clear">clear</Link>}
      </form>
      {view.matching !== view.total && <span className="text-xs text-slate-500" data-testid="filter-matching">{view.matching} of {view.total} deployments match “{filter.q}”</span>}
    </div>
  );
}

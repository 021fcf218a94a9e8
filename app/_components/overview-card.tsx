"use client";
// One overview card, drawn from its bounded, formatted view (lib/view/overview cardView). A client
// component so that the page carries each card once as data rather than a second time as a
// server tree (the overview is re-fetched every 10 s). The sparklines come in as children.
import Link from "next/link";
import type { ReactNode } from "react";
import { LIMITS, OTHER_SLICE } from "@/lib/limits";
import { cellLabel, slicePath } from "@/lib/view/comparison";
import type { CardView } from "@/lib/view/overview";
import { StatusBadge } from "./status";

export function OverviewCard({ card: c, children }: { card: CardView; children?: ReactNode }) {
  const v = c.verdict;
  const href = `/deployments/${encodeURIComponent(c.deployment)}`;
  const stale = c.arms.filter((a) => a.stale);
  // A passing card is short: what it passes is on the deployment page; problems get the room.
  const pass = c.status === "pass";
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="deployment-card" data-deployment={c.deployment} data-status={c.status} data-stale={stale.length > 0 ? "true" : "false"}>
      <div className="flex items-baseline justify-between gap-4">
        <Link href={href} className="truncate text-base font-semibold hover:underline">{c.deployment}</Link>
        {c.manifest && <span className="shrink-0 font-mono text-xs text-slate-600" data-testid="manifest-short">{c.manifest}</span>}
      </div>
      <div className="mt-2 space-y-2">
        {v ? (
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" data-testid="verdict-line" data-evaluated-at={v.evaluatedAt}>
            <StatusBadge status={c.status} testId="verdict" />
            <span className="text-xs text-slate-600" data-testid="verdict-since" data-since={v.since}>{v.sinceText}</span>
            <span className="text-slate-600">worst cell:</span>
            <span data-testid="worst-slice" className="font-medium" data-cell={v.worst ? `${v.worst.dimension}=${v.worst.value}` : ""}>
              {!v.worst ? "none flagged" : v.worst.dimension === "" ? cellLabel(v.worst) : (
                <Link className="text-blue-700 hover:underline" href={slicePath(c.deployment, v.worst.dimension, v.worst.value)} data-testid="worst-slice-link">{cellLabel(v.worst)}</Link>
              )}
            </span>
            {v.worst?.metric && <span className="text-slate-600" data-testid="worst-metric">{`· ${v.worst.metric}`}</span>}
            {v.worst && <StatusBadge status={v.worst.status} size="sm" />}
            <span className="ml-auto text-xs text-slate-500">{v.policy}</span>
            {!pass && <p className="w-full truncate text-xs text-slate-600" data-testid="verdict-reason">{v.reason}</p>}
          </div>
        ) : (
          <div className="flex items-center gap-2 text-sm" data-testid="verdict-line" data-evaluated-at="">
            <StatusBadge status={c.status} testId="verdict" />
            <span className="text-xs text-slate-600">not evaluated yet: no request pairs judged</span>
          </div>
        )}
        {c.incident && (
          <p className="text-sm">
            <Link href={`/incidents/${encodeURIComponent(c.incident.id)}`} className="font-medium text-orange-800 hover:underline" data-testid="incident-link" data-incident={c.incident.id}>{`✕ ${c.incident.text}`}</Link>
            {c.incident.open > 1 && <span className="ml-2 text-xs text-slate-600">{`${c.incident.open} open`}</span>}
          </p>
        )}
        {stale.length > 0 && (
          <p className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900" data-testid="stale">
            {"◷ stale: "}
            {stale.map((a, i) => <span key={a.arm} data-testid="stale-arm" data-arm={a.arm}>{`${i > 0 ? "; " : ""}${a.lastText}`}</span>)}
          </p>
        )}
        {children}
      </div>
      <ul className="mt-2 text-xs tabular-nums text-slate-600">
        {c.arms.map((a) => (
          <li key={a.arm} data-testid="arm-row" data-arm={a.arm}>
            <span className="font-medium text-slate-800">{a.arm}</span>{` ${a.r5m} req in 5 min · ${a.r1h} in 1 h · ${a.total} in all · last sent ${a.last}`}
          </li>
        ))}
      </ul>
      {!c.hasCanary && <p className="mt-2 text-sm text-amber-800">No canary traffic yet: send spans with quantlens.arm=canary.</p>}
      {pass ? (
        <p className="mt-1 text-xs text-slate-500" data-testid="slices-passing">
          {`${c.dimensionCount} slice dimensions, per slice on the deployment page`}
          {c.folded.length > 0 && <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900" data-testid="folded">{`values past ${LIMITS.sliceValuesPerDimension} folded into ${OTHER_SLICE} in ${c.folded.join(", ")}`}</span>}
        </p>
      ) : (
        <dl className="mt-2 space-y-1 text-xs text-slate-600" data-testid="slices">
          {c.dimensions.shown.map((s) => (
            <div key={s.dimension} className="flex gap-2" data-testid="slice-dimension" data-dimension={s.dimension}>
              <dt className="w-32 shrink-0 truncate font-medium text-slate-700">{s.dimension}</dt>
              <dd className="truncate">
                {s.values.join(", ")}
                {s.moreValues > 0 && <span className="ml-1 text-slate-500" data-testid="more-values">{`+${s.moreValues} more`}</span>}
                {s.folded && <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900" data-testid="folded">{`values past ${LIMITS.sliceValuesPerDimension} folded into ${OTHER_SLICE}`}</span>}
              </dd>
            </div>
          ))}
          {c.dimensions.moreDimensions > 0 && (
            <div className="text-slate-500" data-testid="more-dimensions">
              {`+${c.dimensions.moreDimensions} more dimensions `}(<Link href={href} className="text-blue-700 hover:underline">all on the deployment page</Link>)
            </div>
          )}
        </dl>
      )}
    </li>
  );
}

// The verdict timeline: the deployment's status over the page's window as a band (icon and word in
// each segment, not colour alone), with focusable markers for incidents, policy and manifest changes.
import Link from "next/link";
import { ErrorBanner } from "@/app/_components/error-banner";
import { StatusLegend, STATUS_ICON, STATUS_WORD } from "@/app/_components/status";
import type { Status } from "@/lib/judgment/types";
import type { TimeWindow } from "@/lib/time/window";
import { MARKER_ICON, MARKER_KINDS, MARKER_WORD, timelineTicks, timelineTime, type Timeline, type TimelineMarker } from "@/lib/view/timeline";
import { pageError } from "@/server/http/page-errors";
import { deploymentTimeline } from "@/server/services/timeline";

const BAND: Record<Status, string> = {
  pass: "bg-blue-100 text-blue-900 border-blue-300",
  fail: "bg-orange-300 text-orange-950 border-orange-500",
  marginal: "bg-yellow-200 text-yellow-900 border-yellow-400",
  inconclusive: "bg-white text-slate-800 border-slate-400",
  insufficient_data: "bg-slate-200 text-slate-700 border-slate-300",
};

const MARKER_COLOR: Record<TimelineMarker["kind"], string> = {
  incident_opened: "text-orange-700",
  incident_acknowledged: "text-slate-700",
  incident_resolved: "text-blue-700",
  policy_change: "text-violet-700",
  manifest_change: "text-teal-700",
};

function Marker({ m }: { m: TimelineMarker }) {
  // Near an edge the tooltip opens inwards, so it never widens the page.
  const align = m.left > 0.75 ? "right-0" : m.left < 0.25 ? "left-0" : "left-1/2 -translate-x-1/2";
  const body = (
    <>
      <span aria-hidden className={`text-sm leading-none ${MARKER_COLOR[m.kind]}`}>{MARKER_ICON[m.kind]}</span>
      <span role="tooltip" className={`pointer-events-none absolute top-5 z-10 hidden w-64 ${align} whitespace-normal rounded border border-slate-300 bg-white p-1.5 text-left text-xs text-slate-800 shadow group-hover:block group-focus-visible:block`}>
        {m.label}
      </span>
    </>
  );
  const cls = "group absolute top-0 flex -translate-x-1/2 flex-col items-center rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-800";
  const common = { "data-testid": "timeline-marker", "data-kind": m.kind, "data-at": new Date(m.at).toISOString(), "aria-label": m.label, style: { left: `${(m.left * 100).toFixed(3)}%` } };
  return m.href ? (
    <Link href={m.href} className={cls} {...common}>{body}</Link>
  ) : (
    <span tabIndex={0} role="note" className={cls} {...common}>{body}</span>
  );
}

export function TimelineBand({ timeline }: { timeline: Timeline }) {
  const w: TimeWindow = { from: timeline.from, to: timeline.to };
  const multiDay = w.to - w.from > 86_400_000;
  const ticks = timelineTicks(w);
  const kinds = MARKER_KINDS.filter((k) => timeline.markers.some((m) => m.kind === k));
  return (
    <div className="space-y-1">
      <p className="text-sm text-slate-700" data-testid="timeline-since">
        {timeline.current ? (
          <>
            <span className="font-medium">{STATUS_ICON[timeline.current]} {STATUS_WORD[timeline.current]}</span> since {timelineTime(timeline.since ?? timeline.from, timeline.since !== null && Date.now() - timeline.since > 86_400_000)}
          </>
        ) : (
          "no verdict persisted in this window yet"
        )}
        {timeline.truncated && <span className="ml-2 text-xs text-slate-500">(older status changes in this window are not drawn: too many to show)</span>}
      </p>
      {/* Markers above the band, so their tooltips do not hide it. */}
      <div className="relative h-5" aria-label="events" role="group">
        {timeline.markers.map((m, i) => <Marker key={`${m.kind}-${m.at}-${i}`} m={m} />)}
      </div>
      <div className="relative h-7 overflow-hidden rounded border border-slate-300 bg-[repeating-linear-gradient(45deg,#f8fafc,#f8fafc_4px,#e2e8f0_4px,#e2e8f0_8px)]" role="list" aria-label="status over the window">
        {timeline.segments.map((s) => {
          const label = `${STATUS_WORD[s.status]} from ${timelineTime(s.from, multiDay)} to ${timelineTime(s.to, multiDay)}`;
          return (
            <div
              key={s.from}
              role="listitem"
              aria-label={label}
              title={label}
              data-testid="timeline-segment"
              data-status={s.status}
              data-from={new Date(s.from).toISOString()}
              data-to={new Date(s.to).toISOString()}
              className={`absolute inset-y-0 flex items-center justify-center overflow-hidden border-r text-xs font-medium ${BAND[s.status]}`}
              style={{ left: `${(s.left * 100).toFixed(3)}%`, width: `${(s.width * 100).toFixed(3)}%` }}
            >
              {s.width > 0.015 && <span aria-hidden className="font-bold">{STATUS_ICON[s.status]}</span>}
              {s.width > 0.1 && <span aria-hidden className="ml-1 truncate">{STATUS_WORD[s.status]}</span>}
            </div>
          );
        })}
      </div>
      <div className="relative h-4 text-[11px] text-slate-500" aria-hidden>
        {ticks.map((t, i) => (
          <span key={i} className={`absolute ${i === 0 ? "" : i === ticks.length - 1 ? "-translate-x-full" : "-translate-x-1/2"}`} style={{ left: `${t.left * 100}%` }}>
            {t.label}
          </span>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 pt-1">
        <StatusLegend />
        <p className="flex flex-wrap gap-3 text-xs text-slate-600" aria-label="marker legend" data-testid="timeline-legend">
          {(kinds.length ? kinds : MARKER_KINDS).map((k) => (
            <span key={k} className="flex items-center gap-1">
              <span aria-hidden className={MARKER_COLOR[k]}>{MARKER_ICON[k]}</span> {MARKER_WORD[k]}
            </span>
          ))}
          <span className="flex items-center gap-1"><span aria-hidden className="inline-block h-3 w-4 rounded-sm border border-slate-300 bg-[repeating-linear-gradient(45deg,#f8fafc,#f8fafc_3px,#e2e8f0_3px,#e2e8f0_6px)]" /> no verdict</span>
        </p>
      </div>
    </div>
  );
}

/** Loads and draws the timeline of a deployment over the page's window (times in UTC). */
export async function VerdictTimeline({ deployment, window }: { deployment: string; window: TimeWindow }) {
  let timeline: Timeline;
  try {
    timeline = await deploymentTimeline(deployment, window);
  } catch (e) {
    return <ErrorBanner title="Could not load the verdict timeline" error={pageError(e)} />;
  }
  return (
    <section aria-label="verdict timeline" className="rounded-lg border border-slate-200 bg-white p-3" data-testid="verdict-timeline" data-segments={timeline.segments.length} data-markers={timeline.markers.length}>
      <h2 className="mb-1 font-semibold">Verdict over time <span className="text-xs font-normal text-slate-500">(UTC; focus or hover a marker for what happened)</span></h2>
      <TimelineBand timeline={timeline} />
    </section>
  );
}

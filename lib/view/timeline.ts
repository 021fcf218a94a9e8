// The verdict timeline of a deployment page (pure): status segments over the page's window, from
// the persisted status changes, and markers for incidents, policy and manifest changes. Positions
// are fractions of the window (0 = its start, 1 = its end), so the component only scales them.
import type { Status } from "@/lib/judgment/types";
import type { TimeWindow } from "@/lib/time/window";

export const MARKER_KINDS = ["incident_opened", "incident_acknowledged", "incident_resolved", "policy_change", "manifest_change"] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

/** A persisted verdict whose status differs from the one before it (epoch ms). */
export interface StatusChange {
  at: number;
  status: Status;
}

export interface TimelineEvent {
  at: number;
  kind: MarkerKind;
  /** What happened, in words (without the time). */
  what: string;
  href?: string;
}

export interface TimelineSegment {
  status: Status;
  from: number;
  to: number;
  left: number;
  width: number;
}

export interface TimelineMarker extends TimelineEvent {
  left: number;
  /** Time and what, for the accessible name and the tooltip. */
  label: string;
}

export interface Timeline {
  from: number;
  to: number;
  segments: TimelineSegment[];
  markers: TimelineMarker[];
  /** Older changes were left out (more than the cap): the band starts at the first segment kept. */
  truncated: boolean;
  /** The status in force now (the last segment's), or null before any verdict. */
  current: Status | null;
  /** When the current status began (may precede the window), or null. */
  since: number | null;
}

export const MARKER_WORD: Record<MarkerKind, string> = {
  incident_opened: "incident opened",
  incident_acknowledged: "incident acknowledged",
  incident_resolved: "incident resolved",
  policy_change: "policy changed",
  manifest_change: "canary manifest changed",
};

/** Marker shapes (text, so the kind never rests on colour alone). */
export const MARKER_ICON: Record<MarkerKind, string> = {
  incident_opened: "▲",
  incident_acknowledged: "●",
  incident_resolved: "▼",
  policy_change: "◆",
  manifest_change: "■",
};

const hhmm = (ms: number, multiDay: boolean) => {
  const iso = new Date(ms).toISOString();
  return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 19);
};

/** 'HH:MM:SS' (or 'MM-DD HH:MM' over more than a day), UTC. */
export function timelineTime(ms: number, multiDay: boolean): string {
  return `${hhmm(ms, multiDay)} UTC`;
}

export interface TimelineInput {
  window: TimeWindow;
  /** The status in force at the window's start (the newest verdict before it), with when it began. */
  before: { status: Status; since: number } | null;
  /** Status changes inside the window, any order. */
  changes: StatusChange[];
  events: TimelineEvent[];
  /** The band ends here when it is before the window's end (no verdicts from the future). */
  now?: number;
  /** At most this many segments: the oldest are dropped past it. */
  maxSegments?: number;
  /** The query was capped: changes before the first one given are unknown. */
  changesCapped?: boolean;
}

/** Segments (consecutive equal statuses merged, zero-length ones dropped) and markers in the window. */
export function buildTimeline(input: TimelineInput): Timeline {
  const { window: w, maxSegments = 200 } = input;
  const end = Math.min(w.to, input.now ?? w.to);
  const span = Math.max(1, w.to - w.from);
  const pos = (t: number) => Math.min(1, Math.max(0, (t - w.from) / span));
  // A change whose status began before the window (its first verdict in it) starts at the window.
  const changes = input.changes
    .filter((c) => c.at <= end)
    .map((c) => ({ ...c, began: c.at, at: Math.max(c.at, w.from) }))
    .sort((a, b) => a.at - b.at);

  const runs: { status: Status; from: number; since: number }[] = [];
  // With a capped query the status before the first change kept is not known: start there.
  if (input.before && !input.changesCapped) runs.push({ status: input.before.status, from: w.from, since: input.before.since });
  for (const c of changes) {
    const last = runs.at(-1);
    if (last && last.status === c.status) continue;
    if (last && last.from === c.at) runs.pop();
    const prev = runs.at(-1);
    if (prev && prev.status === c.status) continue;
    runs.push({ status: c.status, from: c.at, since: c.began });
  }
  let truncated = !!input.changesCapped;
  if (runs.length > maxSegments) {
    runs.splice(0, runs.length - maxSegments);
    truncated = true;
  }
  const segments: TimelineSegment[] = [];
  runs.forEach((r, i) => {
    const to = i + 1 < runs.length ? runs[i + 1].from : end;
    if (to <= r.from) return;
    segments.push({ status: r.status, from: r.from, to, left: pos(r.from), width: pos(to) - pos(r.from) });
  });

  const multiDay = w.to - w.from > 86_400_000;
  const markers = input.events
    .filter((e) => e.at >= w.from && e.at <= w.to)
    .sort((a, b) => a.at - b.at || MARKER_KINDS.indexOf(a.kind) - MARKER_KINDS.indexOf(b.kind))
    .map((e) => ({ ...e, left: pos(e.at), label: `${timelineTime(e.at, multiDay)} · ${e.what}` }));

  const lastRun = runs.at(-1);
  return { from: w.from, to: w.to, segments, markers, truncated, current: lastRun?.status ?? null, since: lastRun?.since ?? null };
}

/** Evenly spaced axis ticks over the window (fractions and labels), for the band's time axis. */
export function timelineTicks(w: TimeWindow, count = 6): { left: number; label: string }[] {
  const multiDay = w.to - w.from > 86_400_000;
  const out: { left: number; label: string }[] = [];
  for (let i = 0; i <= count; i++) {
    const t = w.from + ((w.to - w.from) * i) / count;
    out.push({ left: i / count, label: hhmm(t, multiDay).slice(0, multiDay ? 11 : 5) });
  }
  return out;
}

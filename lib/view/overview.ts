// The overview's view model (pure): problems first (severity, then longest in that state, then
// name), counts per status, the URL's filter, stale arms, and bounds on what one card lists, so
// one deployment cannot make the page tall or heavy.
import { STATUSES, type Status } from "@/lib/judgment/types";
import { STATUS_RANK } from "./status";
import { formatTime, UTC, wallClockText } from "./time";

/** An arm that has sent nothing for this many minutes is marked stale. */
export const STALE_MINUTES = 5;

export const CARD_BOUNDS = {
  /** Slice dimensions listed on a card; the rest as "+K more". */
  dimensions: 8,
  /** Values listed per dimension (busiest first); the rest as "+K more". */
  values: 5,
  /** Cards on one page; the rest are counted and reached through the filter. */
  cards: 60,
  /** The top cards (worst first) that get sparklines; each costs two small queries and ~5 KB of page. */
  sparklines: 3,
};

/** Longest name filter kept from the URL. */
export const QUERY_CHARS = 128;

export interface CardVerdict {
  status: Status;
  /** ISO times. */
  since: string;
  evaluatedAt: string;
  reason: string;
  policy: { name: string; version: number };
  worst: { dimension: string; value: string; status: Status; metric: string } | null;
  /** Failing checks over all cells. */
  failing: number;
}

export interface CardArm {
  arm: string;
  requests_5m: number;
  requests_1h: number;
  requests_total: number;
  /** The last minute with requests, 'YYYY-MM-DD hh:mm:ss' UTC. */
  last_minute: string;
}

export interface CardDimension {
  dimension: string;
  values: string[];
  distinct: number;
  folded: boolean;
}

export interface CardInput {
  deployment: string;
  /** null: the evaluator has not judged it yet. */
  verdict: CardVerdict | null;
  arms: CardArm[];
  dimensions: CardDimension[];
  incident: { id: string; openedAt: string; open: number } | null;
}

export interface ArmFreshness {
  arm: string;
  /** Epoch ms of the start of the arm's last minute with requests. */
  lastSent: number;
  stale: boolean;
}

export interface BoundedDimensions {
  shown: { dimension: string; values: string[]; moreValues: number; folded: boolean }[];
  moreDimensions: number;
}

export interface Filter {
  status: Status | null;
  q: string;
}

/** ClickHouse 'YYYY-MM-DD hh:mm:ss(.fff)' (UTC) or ISO text → epoch ms (NaN when unreadable). */
export function utcMs(s: string): number {
  if (!s) return NaN;
  const iso = s.includes("T") ? s : `${s.replace(" ", "T")}Z`;
  return Date.parse(iso);
}

/**
 * When each arm last sent. The aggregates are per minute, so an arm counts as sending until the
 * end of its last minute; it is stale once `staleMinutes` have passed since then.
 */
export function armFreshness(arms: CardArm[], now: number, staleMinutes = STALE_MINUTES): ArmFreshness[] {
  return arms.map((a) => {
    const lastSent = utcMs(a.last_minute);
    return { arm: a.arm, lastSent, stale: !Number.isFinite(lastSent) || now - (lastSent + 60_000) >= staleMinutes * 60_000 };
  });
}

const statusOf = (c: CardInput): Status => c.verdict?.status ?? "insufficient_data";
/** Not judged yet reads as entering its state now. */
const sinceOf = (c: CardInput, now: number): number => {
  const t = c.verdict ? utcMs(c.verdict.since) : NaN;
  return Number.isFinite(t) ? t : now;
};

/** Worst status first; within a status the longest in it first; then by name. */
export function sortCards<T extends CardInput>(cards: T[], now: number): T[] {
  return [...cards].sort(
    (a, b) => STATUS_RANK[statusOf(a)] - STATUS_RANK[statusOf(b)] || sinceOf(a, now) - sinceOf(b, now) || (a.deployment < b.deployment ? -1 : a.deployment > b.deployment ? 1 : 0),
  );
}

export function statusCounts(cards: CardInput[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of cards) counts[statusOf(c)]++;
  return counts;
}

const firstOf = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** The filter from the URL (?status=fail&q=chat); an unknown status is no status filter. */
export function parseFilter(sp: Record<string, string | string[] | undefined>): Filter {
  const status = firstOf(sp.status);
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as Status) : null,
    q: firstOf(sp.q).trim().slice(0, QUERY_CHARS),
  };
}

/** The overview's URL for a filter (what the count links and the form produce). */
export function filterHref(f: Filter): string {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.q) p.set("q", f.q);
  const s = p.toString();
  return s ? `/?${s}` : "/";
}

const matchesName = (c: CardInput, q: string) => q === "" || c.deployment.toLowerCase().includes(q.toLowerCase());

export interface OverviewView<T extends CardInput> {
  filter: Filter;
  /** Deployments in all, and those the name filter keeps (what the counts are of). */
  total: number;
  matching: number;
  /** Per status, among the deployments the name filter keeps. */
  counts: Record<Status, number>;
  /** The cards to render, worst first, at most CARD_BOUNDS.cards. */
  cards: T[];
  /** Cards that pass the filter but were not rendered. */
  hidden: number;
}

/** Filter, count and order the cards: counts are over the name filter, so each count link shows that many cards. */
export function overviewView<T extends CardInput>(all: T[], filter: Filter, now: number, maxCards = CARD_BOUNDS.cards): OverviewView<T> {
  const named = all.filter((c) => matchesName(c, filter.q));
  const kept = sortCards(filter.status ? named.filter((c) => statusOf(c) === filter.status) : named, now);
  return { filter, total: all.length, matching: named.length, counts: statusCounts(named), cards: kept.slice(0, maxCards), hidden: Math.max(0, kept.length - maxCards) };
}

/** At most `maxDimensions` dimensions and `maxValues` values each; what is left out is counted. */
export function boundDimensions(dims: CardDimension[], maxDimensions = CARD_BOUNDS.dimensions, maxValues = CARD_BOUNDS.values): BoundedDimensions {
  return {
    shown: dims.slice(0, maxDimensions).map((d) => {
      const values = d.values.slice(0, maxValues);
      return { dimension: d.dimension, values, moreValues: Math.max(0, d.distinct - values.length), folded: d.folded };
    }),
    moreDimensions: Math.max(0, dims.length - maxDimensions),
  };
}

/** "14:05 UTC" on the same day (in the zone) as `now`, else "2026-11-30 14:05 UTC". */
export function clockText(ms: number, now: number, zone: string = UTC): string {
  if (!Number.isFinite(ms)) return "–";
  const sameDay = wallClockText(ms, zone).slice(0, 10) === wallClockText(now, zone).slice(0, 10);
  return formatTime(ms, zone, { seconds: false, date: !sameDay });
}

/** A duration as people read it: "40 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Longest reason shown on a card (the deployment page has all of it). */
export const REASON_CHARS = 240;

/** What one card shows, bounded and formatted: plain data, so the page sends the browser little more than this. */
export interface CardView {
  deployment: string;
  status: Status;
  manifest: string;
  verdict: {
    evaluatedAt: string;
    since: string;
    sinceText: string;
    reason: string;
    policy: string;
    worst: { dimension: string; value: string; status: Status; metric: string } | null;
  } | null;
  incident: { id: string; text: string; open: number } | null;
  arms: { arm: string; r5m: string; r1h: string; total: string; last: string; stale: boolean; lastText: string }[];
  hasCanary: boolean;
  /** Bounded; empty on a passing card, which shows only how many there are and which were folded. */
  dimensions: BoundedDimensions;
  dimensionCount: number;
  folded: string[];
}

const n = (x: number) => Number(x).toLocaleString("en-US");

export function cardView(c: CardInput, manifest: string, now: number, zone: string = UTC, staleMinutes = STALE_MINUTES): CardView {
  const fresh = armFreshness(c.arms, now, staleMinutes);
  const v = c.verdict;
  const since = v ? utcMs(v.since) : NaN;
  const status = statusOf(c);
  const pass = status === "pass";
  return {
    deployment: c.deployment,
    status,
    manifest,
    verdict: v && {
      evaluatedAt: v.evaluatedAt,
      since: v.since,
      sinceText: `since ${clockText(since, now, zone)}${Number.isFinite(since) ? ` · for ${durationText(now - since)}` : ""}`,
      reason: pass ? "" : v.reason.slice(0, REASON_CHARS),
      policy: `policy ${v.policy.name || "default"} v${v.policy.version}`,
      worst: v.worst,
    },
    incident: c.incident && { id: c.incident.id, text: `incident open since ${clockText(utcMs(c.incident.openedAt), now, zone)}`, open: c.incident.open },
    arms: c.arms.map((a, i) => ({
      arm: a.arm,
      r5m: n(a.requests_5m),
      r1h: n(a.requests_1h),
      total: n(a.requests_total),
      last: clockText(fresh[i].lastSent, now, zone),
      stale: fresh[i].stale,
      lastText: fresh[i].stale ? `${a.arm} last sent ${clockText(fresh[i].lastSent, now, zone)} (${durationText(now - fresh[i].lastSent)} ago)` : "",
    })),
    hasCanary: c.arms.some((a) => a.arm === "canary"),
    dimensions: pass ? { shown: [], moreDimensions: 0 } : boundDimensions(c.dimensions),
    dimensionCount: c.dimensions.length,
    folded: c.dimensions.filter((d) => d.folded).map((d) => d.dimension).slice(0, CARD_BOUNDS.dimensions),
  };
}

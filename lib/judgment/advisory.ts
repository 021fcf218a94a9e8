// Advisory checks: memory and input drift come as per-minute aggregates, not per request pair,
// so no anytime-valid test covers them. They are shown beside the verdict with what they
// measure over the epoch, and never fail a deployment (docs/policy.md, "Advisory checks").
import { jsDistanceFromCounts, psiFromCounts } from "@/lib/stats";
import type { Metric, ResolvedCheck } from "@/lib/policy";
import { METRIC } from "@/lib/semconv";
import type { CheckVerdict, DriftReference, Status } from "./types";

/** memory_minute rows of the epoch (quantlens.memory.used per arm, kind and minute). */
export interface MemoryRow {
  arm: string;
  metric: string;
  kind: string;
  minute: string;
  n: number;
  total: number;
  peak: number;
}

/**
 * An input feature's distribution in one cell, summed: signedBin (lib/stats/log-bins.ts) → count.
 * arm 'canary': the canary over the epoch; 'first_hour': the canary over the epoch's first hour;
 * 'calibration': the calibration set's distribution as the sender reported it (docs/semconv.md).
 */
export interface DriftRow {
  dimension: string;
  value: string;
  arm: string;
  feature: string;
  n: number;
  bins: Record<string, number>;
  /** calibration rows: the calibration set's id. */
  dataset?: string;
}

export const MEMORY_METRIC = METRIC.memoryUsed;
const COARSE_BINS = 10;

interface ArmMemory {
  points: number;
  peak: number;
  steady: number;
}

/** One kind (default 'total'), or the kinds summed per minute when no total is reported. */
function armMemory(rows: MemoryRow[], arm: string, kind: string | undefined): ArmMemory | null {
  const mine = rows.filter((r) => r.arm === arm && r.metric === MEMORY_METRIC);
  const want = kind ?? (mine.some((r) => r.kind === "total") ? "total" : null);
  const used = want === null ? mine : mine.filter((r) => r.kind === want);
  if (used.length === 0) return null;
  const byMinute = new Map<string, { mean: number; peak: number; n: number }>();
  for (const r of used) {
    const m = byMinute.get(r.minute) ?? { mean: 0, peak: 0, n: 0 };
    m.mean += r.n > 0 ? r.total / r.n : 0;
    m.peak += r.peak;
    m.n += r.n;
    byMinute.set(r.minute, m);
  }
  const minutes = [...byMinute.values()];
  return { points: minutes.reduce((s, m) => s + m.n, 0), peak: Math.max(...minutes.map((m) => m.peak)), steady: minutes.reduce((s, m) => s + m.mean, 0) / minutes.length };
}

function advisory(check: ResolvedCheck, over: boolean | null, fields: Partial<CheckVerdict>, text: string): CheckVerdict {
  const status: Status = over === null ? "insufficient_data" : over ? "marginal" : "pass";
  return {
    check: check.index,
    metric: check.metric as Metric,
    status,
    failsDeployment: false,
    n: 0,
    baseline: null,
    canary: null,
    degradation: null,
    allowed: null,
    evidence: null,
    ...fields,
    reason: { code: over === null ? "no_data" : "advisory", text },
  };
}

const allowance = (check: ResolvedCheck, level: number) => (check.allowed_degradation.kind === "absolute" ? check.allowed_degradation.value : check.allowed_degradation.value * Math.abs(level));

export function memoryAdvisory(check: ResolvedCheck, rows: MemoryRow[]): CheckVerdict {
  const b = armMemory(rows, "baseline", check.kind);
  const c = armMemory(rows, "canary", check.kind);
  const feature = check.kind ? { feature: check.kind } : {};
  if (!b || !c) return advisory(check, null, feature, `${check.metric}: no memory gauges from the ${!b ? "baseline" : "canary"} arm`);
  const peak = check.metric === "memory_peak";
  const [lb, lc] = peak ? [b.peak, c.peak] : [b.steady, c.steady];
  const allowed = allowance(check, lb);
  const d = lc - lb;
  const gib = (x: number) => `${(x / 2 ** 30).toFixed(2)} GiB`;
  return advisory(
    check,
    d > allowed,
    { ...feature, n: Math.min(b.points, c.points), baseline: lb, canary: lc, degradation: { estimate: d, lower: d, upper: d }, allowed },
    `${check.metric} (advisory, ${peak ? "observed maximum" : "mean of minute means"}): canary ${gib(lc)} vs baseline ${gib(lb)}, allowed +${gib(allowed)}`,
  );
}

function entries(bins: Record<string, number>): [number, number][] {
  return Object.entries(bins)
    .map(([k, v]) => [Number(k), Number(v)] as [number, number])
    .filter(([, v]) => v > 0);
}

/** Upper fine-bin bounds (inclusive) of each coarse bin, cut on the reference's cumulative mass. */
export function coarseCuts(reference: [number, number][], bins = COARSE_BINS): number[] {
  const sorted = [...reference].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  const cuts: number[] = [];
  let cum = 0;
  for (const [k, c] of sorted) {
    cum += c;
    if (cum >= (total * (cuts.length + 1)) / bins && cuts.length < bins - 1) cuts.push(k);
  }
  return cuts;
}

export function coarseCounts(es: [number, number][], cuts: number[]): number[] {
  const out = new Array<number>(cuts.length + 1).fill(0);
  for (const [k, c] of es) {
    let i = 0;
    while (i < cuts.length && k > cuts[i]) i++;
    out[i] += c;
  }
  return out;
}

/** The canary's own reference window when no calibration set is known: the epoch's first hour. */
export const FIRST_HOUR_MS = 3_600_000;

/** When the epoch started and when the check runs (epoch ms): they fix the first-hour window. */
export interface DriftClock {
  epochStart: number;
  now: number;
}

const clockText = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** What a drift check compared the canary with. */
export type ChosenReference =
  | { kind: "calibration"; dataset: string; scope: "slice" | "deployment"; ref: DriftRow; cur: DriftRow | undefined }
  | { kind: "canary_first_hour"; from: number; to: number; complete: boolean; ref: DriftRow | undefined; cur: DriftRow | undefined };

function minus(all: DriftRow, part: DriftRow | undefined): DriftRow {
  if (!part) return all;
  const bins: Record<string, number> = {};
  for (const [k, v] of Object.entries(all.bins)) {
    const left = Number(v) - Number(part.bins[k] ?? 0);
    if (left > 0) bins[k] = left;
  }
  return { ...all, n: Math.max(0, Number(all.n) - Number(part.n)), bins };
}

/**
 * The reference of one cell and feature: the calibration set's distribution for this cell, else
 * the calibration set's whole-deployment distribution, else the canary's first hour of the epoch.
 * Against the calibration set the canary counts over the whole epoch; against its first hour, over
 * the rest of the epoch (the two windows never overlap).
 */
export function chooseReference(rows: DriftRow[], wholeDeployment: DriftRow[], feature: string, clock: DriftClock): ChosenReference {
  const canary = rows.find((r) => r.feature === feature && r.arm === "canary");
  const own = rows.find((r) => r.feature === feature && r.arm === "calibration" && Number(r.n) > 0);
  const whole = wholeDeployment.find((r) => r.feature === feature && r.arm === "calibration" && Number(r.n) > 0);
  const cal = own ?? whole;
  if (cal) return { kind: "calibration", dataset: cal.dataset ?? "", scope: own ? "slice" : "deployment", ref: cal, cur: canary };
  const first = rows.find((r) => r.feature === feature && r.arm === "first_hour");
  const to = clock.epochStart + FIRST_HOUR_MS;
  return { kind: "canary_first_hour", from: clock.epochStart, to, complete: clock.now >= to, ref: first, cur: canary && minus(canary, first) };
}

/** The verdict's description of a reference (CheckVerdict.driftReference). */
function describeReference(c: ChosenReference): DriftReference {
  const n = Number(c.ref?.n ?? 0);
  return c.kind === "calibration"
    ? { kind: "calibration", dataset: c.dataset, scope: c.scope, n }
    : { kind: "canary_first_hour", from: new Date(c.from).toISOString(), to: new Date(c.to).toISOString(), complete: c.complete, n };
}

function referenceText(c: ChosenReference): string {
  const n = Number(c.ref?.n ?? 0).toLocaleString("en-US");
  if (c.kind === "calibration") return `calibration set ${c.dataset}${c.scope === "deployment" ? " (whole deployment)" : ""}, n=${n}`;
  return `the canary's first hour ${clockText(c.from)}–${clockText(c.to)} UTC, n=${n}`;
}

/**
 * PSI of the canary against its reference over ≤ 10 bins of equal reference mass, less its
 * null mean k·(B−1), k = 1/n_ref + 1/n_cur (PSI ≈ k·χ²(B−1) when nothing drifted); n_ref is the
 * calibration set's count or the first hour's.
 */
export function driftAdvisory(check: ResolvedCheck, feature: string, chosen: ChosenReference): CheckVerdict {
  const driftReference = describeReference(chosen);
  const vs = referenceText(chosen);
  if (chosen.kind === "canary_first_hour" && !chosen.complete) {
    return advisory(check, null, { feature, driftReference }, `drift_psi · ${feature}: reference window filling (the canary's first hour, until ${clockText(chosen.to)} UTC; no calibration reference was sent)`);
  }
  const { ref, cur } = chosen;
  const nb = Number(ref?.n ?? 0);
  const nc = Number(cur?.n ?? 0);
  if (!ref || !cur || nb === 0 || nc === 0) {
    const missing = nb === 0 ? "no canary values in its first hour" : chosen.kind === "calibration" ? "no canary values" : "no canary values after its first hour";
    return advisory(check, null, { feature, driftReference }, `drift_psi · ${feature}: ${missing} (reference: ${vs})`);
  }
  const cuts = coarseCuts(entries(ref.bins));
  const r = coarseCounts(entries(ref.bins), cuts);
  const c = coarseCounts(entries(cur.bins), cuts);
  const psi = psiFromCounts(r, c);
  const excess = Math.max(0, psi - (1 / nb + 1 / nc) * Math.max(1, r.length - 1));
  const allowed = check.allowed_degradation.value;
  return advisory(
    check,
    excess > allowed,
    { feature, driftReference, n: Math.min(nb, nc), baseline: 0, canary: psi, degradation: { estimate: excess, lower: excess, upper: excess }, allowed },
    `drift_psi · ${feature} (advisory, vs ${vs}): PSI ${psi.toFixed(3)} (${excess.toFixed(3)} above its no-drift level; JS distance ${jsDistanceFromCounts(r, c).toFixed(3)}), allowed ${allowed}`,
  );
}

/**
 * Every advisory check of the policy over the epoch's aggregates, by cell key (memory: the whole
 * deployment). `clock` places the first-hour reference; without it the epoch is taken as older than an hour.
 */
export function advisoryChecks(checks: ResolvedCheck[], memory: MemoryRow[], drift: DriftRow[], clock: DriftClock = { epochStart: 0, now: FIRST_HOUR_MS }): Record<string, CheckVerdict[]> {
  const out: Record<string, CheckVerdict[]> = {};
  const push = (cell: string, v: CheckVerdict) => (out[cell] ??= []).push(v);
  const cellsOf = new Map<string, DriftRow[]>();
  for (const r of drift) {
    const k = `${r.dimension}\u0000${r.value}`;
    cellsOf.set(k, [...(cellsOf.get(k) ?? []), r]);
  }
  const wholeDeployment = cellsOf.get("\u0000") ?? [];
  for (const c of checks) {
    if (c.sequential) continue;
    if (c.metric === "memory_peak" || c.metric === "memory_steady") push("\u0000", memoryAdvisory(c, memory));
    if (c.metric !== "drift_psi") continue;
    for (const [cell, rows] of cellsOf) {
      const dimension = rows[0].dimension;
      if (!(c.slices === "all" || dimension === "" || c.slices.includes(dimension))) continue;
      // A cell is judged where the canary has sent the feature: a calibration row alone is no traffic.
      const features = [...new Set(rows.filter((r) => r.arm !== "calibration").map((r) => r.feature))].sort();
      for (const feature of features) push(cell, driftAdvisory(c, feature, chooseReference(rows, wholeDeployment, feature, clock)));
    }
  }
  return out;
}

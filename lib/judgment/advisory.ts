// Advisory checks: memory and input drift come as per-minute aggregates, not per request pair,
// so no anytime-valid test covers them. They are shown beside the verdict with what they
// measure over the epoch, and never fail a deployment (docs/policy.md, "Advisory checks").
import { jsDistanceFromCounts, psiFromCounts } from "@/lib/stats";
import type { Metric, ResolvedCheck } from "@/lib/policy";
import { METRIC } from "@/lib/semconv";
import type { CheckVerdict, Status } from "./types";

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

/** drift_minute rows summed over the epoch: signedBin (lib/stats/log-bins.ts) → count. */
export interface DriftRow {
  dimension: string;
  value: string;
  /** 'baseline' rows are the reference, 'canary' rows the arm on trial. */
  arm: string;
  feature: string;
  n: number;
  bins: Record<string, number>;
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

/**
 * PSI of the canary against the reference over ≤ 10 bins of equal reference mass, less its
 * null mean k·(B−1), k = 1/n_ref + 1/n_cur (PSI ≈ k·χ²(B−1) when nothing drifted).
 */
export function driftAdvisory(check: ResolvedCheck, feature: string, ref: DriftRow | undefined, cur: DriftRow | undefined): CheckVerdict {
  const nb = ref?.n ?? 0;
  const nc = cur?.n ?? 0;
  if (!ref || !cur || nb === 0 || nc === 0) return advisory(check, null, { feature }, `drift_psi · ${feature}: no ${nb === 0 ? "reference" : "canary"} values`);
  const cuts = coarseCuts(entries(ref.bins));
  const r = coarseCounts(entries(ref.bins), cuts);
  const c = coarseCounts(entries(cur.bins), cuts);
  const psi = psiFromCounts(r, c);
  const excess = Math.max(0, psi - (1 / nb + 1 / nc) * Math.max(1, r.length - 1));
  const allowed = check.allowed_degradation.value;
  return advisory(
    check,
    excess > allowed,
    { feature, n: Math.min(nb, nc), baseline: 0, canary: psi, degradation: { estimate: excess, lower: excess, upper: excess }, allowed },
    `drift_psi · ${feature} (advisory): PSI ${psi.toFixed(3)} (${excess.toFixed(3)} above its no-drift level; JS distance ${jsDistanceFromCounts(r, c).toFixed(3)}), allowed ${allowed}`,
  );
}

/** Every advisory check of the policy over the epoch's aggregates, by cell key (memory: the whole deployment). */
export function advisoryChecks(checks: ResolvedCheck[], memory: MemoryRow[], drift: DriftRow[]): Record<string, CheckVerdict[]> {
  const out: Record<string, CheckVerdict[]> = {};
  const push = (cell: string, v: CheckVerdict) => (out[cell] ??= []).push(v);
  for (const c of checks) {
    if (c.sequential) continue;
    if (c.metric === "memory_peak" || c.metric === "memory_steady") push("\u0000", memoryAdvisory(c, memory));
    if (c.metric !== "drift_psi") continue;
    const cells = new Map<string, DriftRow[]>();
    for (const r of drift) {
      const dimension = r.dimension;
      if (!(c.slices === "all" || dimension === "" || c.slices.includes(dimension))) continue;
      const k = `${dimension}\u0000${r.value}`;
      cells.set(k, [...(cells.get(k) ?? []), r]);
    }
    for (const [cell, rows] of cells) {
      for (const feature of [...new Set(rows.map((r) => r.feature))].sort()) {
        push(cell, driftAdvisory(c, feature, rows.find((r) => r.feature === feature && r.arm === "baseline"), rows.find((r) => r.feature === feature && r.arm === "canary")));
      }
    }
  }
  return out;
}

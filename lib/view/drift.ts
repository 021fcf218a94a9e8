// Input drift against its reference, for the charts: the canary's mean per minute beside the
// reference's mean (a flat line), and the window's distribution beside the reference's over the
// drift check's own bins (equal reference mass, lib/judgment/advisory.ts). The reference is chosen
// by the same rule as the check: calibration set (slice, else whole deployment), else the canary's
// first hour of the epoch.
import { chooseReference, coarseCounts, coarseCuts, type DriftClock, type DriftRow } from "@/lib/judgment/advisory";
import { psiFromCounts } from "@/lib/stats";
import { signedBinLowerEdge } from "@/lib/stats/log-bins";
import type { DriftPoint, HistogramRow } from "@/lib/telemetry/series";
import { ARM_COLORS, minuteLabel, type ChartRow } from "./series";

/** A reference distribution with its sum, so the charts can draw its mean. */
export interface ReferenceRow extends DriftRow {
  total: number;
}

export interface DriftReferenceView {
  feature: string;
  kind: "calibration" | "canary_first_hour";
  /** What the reference is, in a few words (the charts' legend and notes). */
  label: string;
  /** Longer: the dataset, or the window. */
  detail: string;
  n: number;
  mean: number | null;
  bins: Record<string, number>;
  /** canary_first_hour: the first hour is over. */
  complete: boolean;
}

export const REFERENCE_COLOR = "slate-500";
const CANARY = "canary";

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** The reference of each feature of one cell. `own`: this cell's calibration and first-hour rows; `whole`: the whole deployment's calibration rows. */
export function driftReferences(features: string[], own: ReferenceRow[], whole: ReferenceRow[], clock: DriftClock): DriftReferenceView[] {
  return features.map((feature) => {
    const c = chooseReference(own, whole, feature, clock);
    const ref = c.ref as ReferenceRow | undefined;
    const n = Number(ref?.n ?? 0);
    const mean = ref && n > 0 ? Number(ref.total) / n : null;
    if (c.kind === "calibration") {
      const scope = c.scope === "deployment" ? " (whole deployment)" : "";
      return { feature, kind: c.kind, label: "calibration set", detail: `calibration set ${c.dataset}${scope}, n=${n.toLocaleString("en-US")}`, n, mean, bins: ref?.bins ?? {}, complete: true };
    }
    const state = c.complete ? "" : ", filling";
    return { feature, kind: c.kind, label: "canary's first hour", detail: `the canary's first hour ${hhmm(c.from)}–${hhmm(c.to)} UTC${state}, n=${n.toLocaleString("en-US")}`, n, mean, bins: ref?.bins ?? {}, complete: c.complete };
  });
}

/** One chart per feature: the canary's mean input value per minute, and the reference's mean as a flat line. */
export function driftMeanCharts(rows: DriftPoint[], refs: DriftReferenceView[], multiDay: boolean) {
  return refs.map((r) => {
    const label = `reference (${r.label})`;
    const minutes = new Map<string, ChartRow>();
    for (const p of rows.filter((x) => x.feature === r.feature && Number(x.samples) > 0).sort((a, b) => a.t.localeCompare(b.t))) {
      minutes.set(p.t, { minute: minuteLabel(p.t, multiDay), [CANARY]: Number(p.mean), [label]: r.mean });
    }
    return { feature: r.feature, reference: r, data: [...minutes.values()], categories: [CANARY, label], colors: [ARM_COLORS.canary, REFERENCE_COLOR] };
  });
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(Math.abs(v) >= 10 ? 0 : 2));

/**
 * Per feature: the canary's shares over the window and the reference's, over the drift check's
 * bins (≤ 10 of equal reference mass), with the PSI over them and its no-drift level; largest shift first.
 */
export function driftReferenceHistograms(canary: HistogramRow[], refs: DriftReferenceView[]) {
  const out = refs.map((r) => {
    const h = canary.find((x) => (x.feature ?? "") === r.feature);
    const cur: [number, number][] = h ? h.bins.map((b, i) => [Number(b), Number(h.counts[i])] as [number, number]).filter(([, c]) => c > 0) : [];
    const ref: [number, number][] = Object.entries(r.bins).map(([k, v]) => [Number(k), Number(v)] as [number, number]).filter(([, c]) => c > 0);
    const label = `reference (${r.label})`;
    const nc = cur.reduce((s, [, c]) => s + c, 0);
    if (ref.length === 0) return { feature: r.feature, reference: r, psi: null, level: null, n: { reference: 0, canary: nc }, data: [], categories: [label, CANARY] };
    const cuts = coarseCuts(ref);
    const rc = coarseCounts(ref, cuts);
    const cc = coarseCounts(cur, cuts);
    const nr = rc.reduce((a, b) => a + b, 0);
    const data = rc.map((c, i) => ({
      bin: i < cuts.length ? `≤${fmt(signedBinLowerEdge(cuts[i] + 1))}` : `>${fmt(signedBinLowerEdge((cuts[i - 1] ?? 0) + 1))}`,
      [label]: nr ? c / nr : 0,
      [CANARY]: nc ? cc[i] / nc : 0,
    }));
    const psi = nc && nr ? psiFromCounts(rc, cc) : null;
    const level = nc && nr ? (1 / nr + 1 / nc) * Math.max(1, rc.length - 1) : null;
    return { feature: r.feature, reference: r, psi, level, n: { reference: nr, canary: nc }, data, categories: [label, CANARY] };
  });
  return out.sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1));
}

export const DRIFT_COLORS = [REFERENCE_COLOR, ARM_COLORS.canary];

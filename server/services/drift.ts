// Input drift of one single-dimension cell against its reference, for the slice and deployment
// pages: the calibration set the sender reported, else the canary's first hour of the epoch (the
// same rule as the drift check, docs/policy.md "Advisory checks").
import { canaryFirstSeen } from "@/clickhouse/queries/comparison";
import { calibrationCells, canaryDriftHistograms, canaryDriftSeries } from "@/clickhouse/queries/drift";
import { verdictAt } from "@/clickhouse/queries/judgment";
import { FIRST_HOUR_MS } from "@/lib/judgment/advisory";
import type { CellId } from "@/lib/judgment/cells";
import type { DriftPoint, HistogramRow } from "@/lib/telemetry/series";
import type { TimeWindow } from "@/lib/time/window";
import { driftReferences, type DriftReferenceView, type ReferenceRow } from "@/lib/view/drift";
import { database } from "@/server/runtime/runtime";

export interface CellDrift {
  references: DriftReferenceView[];
  /** The canary's mean per minute and feature. */
  series: DriftPoint[];
  /** The canary's distribution per feature over the window. */
  histograms: HistogramRow[];
}

/** Drift of a single-dimension cell (or the whole deployment); a pair cell has none (drift is per single slice). */
export async function cellDrift(deployment: string, cell: CellId, w: TimeWindow): Promise<CellDrift> {
  const client = await database();
  const [verdict, calibration, series, histograms] = await Promise.all([
    verdictAt(client, deployment),
    calibrationCells(client, deployment, cell),
    canaryDriftSeries(client, deployment, cell, w),
    canaryDriftHistograms(client, deployment, cell, w),
  ]);
  const now = Date.now();
  const epochStart = verdict ? Date.parse(verdict.epoch.startedAt) : ((await canaryFirstSeen(client, deployment)) ?? now);
  const features = [...new Set([...histograms.map((h) => h.feature ?? ""), ...series.map((p) => p.feature)])].filter(Boolean).sort();
  const own: ReferenceRow[] = calibration.filter((r) => r.dimension === cell.dimension && r.value === cell.value);
  const whole: ReferenceRow[] = calibration.filter((r) => r.dimension === "" && r.value === "");
  // Features without a calibration reference need the first hour's distribution.
  if (features.some((f) => !own.some((r) => r.feature === f) && !whole.some((r) => r.feature === f))) {
    const first = await canaryDriftHistograms(client, deployment, cell, { from: epochStart, to: Math.min(now, epochStart + FIRST_HOUR_MS) });
    for (const h of first) {
      const bins: Record<string, number> = {};
      h.bins.forEach((b, i) => (bins[String(b)] = Number(h.counts[i])));
      own.push({ dimension: cell.dimension, value: cell.value, arm: "first_hour", feature: h.feature ?? "", n: h.counts.reduce((s, c) => s + Number(c), 0), bins, total: h.total });
    }
  }
  return { references: driftReferences(features, own, whole, { epochStart, now }), series, histograms };
}

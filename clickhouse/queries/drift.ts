// Input drift against its reference (docs/policy.md, "Advisory checks"): the canary's per-minute
// feature aggregates (drift_minute) and the calibration reference a sender reported
// (calibration_reference, migration 0011). Cells are single dimensions and the whole deployment
// ('', ''); windows are [start of from's minute, to).
import type { Db } from "../client";
import { queryRows, WINDOW, windowParams } from "../query";
import { chTimeMs } from "../time";
import type { TimeWindow } from "@/lib/time/window";
import type { CellId } from "@/lib/judgment/cells";
import type { DriftRow } from "@/lib/judgment/advisory";
import type { DriftPoint, HistogramRow } from "@/lib/telemetry/series";

export interface CalibrationRow extends DriftRow {
  dataset: string;
  /** Sum of the values (the mean is total / n). */
  total: number;
}

/**
 * The calibration reference: the newest point per cell and feature, of the dataset reported last
 * (the canary's current calibration set). Every cell, or one cell and the whole deployment.
 */
export function calibrationCells(client: Db, deployment: string, cell?: CellId): Promise<CalibrationRow[]> {
  return queryRows<CalibrationRow>(
    client,
    `SELECT dimension, value, 'calibration' AS arm, feature, dataset,
            toUInt64(argMax(n, ts)) AS n, argMax(bins, ts) AS bins, toFloat64(argMax(total, ts)) AS total
     FROM calibration_reference
     WHERE deployment = {deployment:String}
       AND dataset = (SELECT argMax(dataset, ts) FROM calibration_reference WHERE deployment = {deployment:String})
       AND ({all:UInt8} = 1 OR (dimension = {dimension:String} AND value = {value:String}) OR (dimension = '' AND value = ''))
     GROUP BY dimension, value, feature, dataset`,
    { deployment, all: cell ? 0 : 1, dimension: cell?.dimension ?? "", value: cell?.value ?? "" },
  );
}

/** The canary's rows of every cell: 'canary' over `w`, 'first_hour' over `firstHour`. */
export function driftCells(client: Db, deployment: string, w: TimeWindow, firstHour: TimeWindow): Promise<DriftRow[]> {
  const part = (arm: string, from: string, to: string) => `
    SELECT dimension, value, '${arm}' AS arm, feature, toUInt64(sum(n)) AS n, sumMap(bins) AS bins
    FROM drift_minute
    WHERE deployment = {deployment:String} AND drift_minute.arm = 'canary'
      AND minute >= toStartOfMinute({${from}:DateTime64(3, 'UTC')}) AND minute < {${to}:DateTime64(3, 'UTC')}
    GROUP BY dimension, value, feature`;
  return queryRows<DriftRow>(
    client,
    `${part("canary", "from", "to")} UNION ALL ${part("first_hour", "ref_from", "ref_to")}`,
    { deployment, ...windowParams(w), ref_from: chTimeMs(firstHour.from), ref_to: chTimeMs(firstHour.to) },
  );
}

const CELL = "deployment = {deployment:String} AND dimension = {dimension:String} AND value = {value:String}";

/** The canary's mean input feature value per minute in one cell. */
export function canaryDriftSeries(client: Db, deployment: string, cell: CellId, w: TimeWindow): Promise<DriftPoint[]> {
  return queryRows<DriftPoint>(
    client,
    `SELECT toString(minute) AS t, arm, feature,
            toUInt64(sum(n)) AS samples,
            toFloat64(sum(total) / greatest(sum(n), 1)) AS mean
     FROM drift_minute
     WHERE ${CELL} AND arm = 'canary' AND ${WINDOW}
     GROUP BY minute, arm, feature
     ORDER BY minute, feature`,
    { deployment, dimension: cell.dimension, value: cell.value, ...windowParams(w) },
  );
}

/** The canary's input feature distributions in one cell over a window: signedBin bins. */
export function canaryDriftHistograms(client: Db, deployment: string, cell: CellId, w: TimeWindow): Promise<(HistogramRow & { total: number })[]> {
  return queryRows<HistogramRow & { total: number }>(
    client,
    `SELECT 'canary' AS arm, feature, toFloat64(t) AS total,
            arrayMap(x -> toInt32(x), mapKeys(h)) AS bins,
            arrayMap(x -> toUInt64(x), mapValues(h)) AS counts
     FROM (
       SELECT feature, sumMap(bins) AS h, sum(total) AS t
       FROM drift_minute
       WHERE ${CELL} AND arm = 'canary' AND ${WINDOW}
       GROUP BY feature
     )
     ORDER BY feature`,
    { deployment, dimension: cell.dimension, value: cell.value, ...windowParams(w) },
  );
}

// What the overview reads, one query each for every deployment at once (never one per card):
// each deployment's newest verdict without its cells, its open incident, and its slice
// dimensions with only their busiest values.
import type { Db } from "../client";
import { queryRows } from "../query";
import { OTHER_SLICE } from "@/lib/limits";

export interface VerdictHeadline {
  deployment: string;
  /** ISO, as in the verdict's body (the deployment page and the API show the same string). */
  evaluated_at: string;
  status: string;
  since: string;
  reason: string;
  policy_name: string;
  policy_version: number;
  worst_dimension: string;
  worst_value: string;
  worst_metric: string;
  /** '' when the verdict has no worst cell. */
  worst_status: string;
  /** Failing checks over all cells. */
  failing: number;
}

/**
 * The newest verdict of every deployment, its headline only. The newest row is found on the key
 * columns alone; only those rows' bodies are read, and only their top-level fields are taken from
 * them (a verdict with thousands of cells is not parsed here).
 */
export function latestVerdictHeadlines(client: Db): Promise<VerdictHeadline[]> {
  return queryRows<VerdictHeadline>(
    client,
    `SELECT deployment,
            JSONExtractString(body, 'evaluatedAt') AS evaluated_at,
            status,
            JSONExtractString(body, 'since') AS since,
            reason,
            JSONExtractString(body, 'policy', 'name') AS policy_name,
            toUInt32(policy_version) AS policy_version,
            worst_dimension, worst_value, worst_metric,
            JSONExtractString(body, 'worstCell', 'status') AS worst_status,
            toUInt32(failing) AS failing
     FROM verdicts
     WHERE (deployment, verdicts.evaluated_at) IN (SELECT deployment, max(verdicts.evaluated_at) FROM verdicts GROUP BY deployment)
     ORDER BY deployment
     LIMIT 1 BY deployment`,
    {},
  );
}

export interface OpenIncident {
  deployment: string;
  id: string;
  opened_at: string;
  /** Open incidents of the deployment (the newest is linked). */
  open: number;
}

/** The newest open incident of each deployment that has one. */
export function openIncidents(client: Db): Promise<OpenIncident[]> {
  return queryRows<OpenIncident>(
    client,
    `SELECT deployment, argMax(id, opened) AS id, toString(max(opened)) AS opened_at, toUInt32(count()) AS open
     FROM (
       SELECT id, argMax(deployment, version) AS deployment, argMax(status, version) AS state, argMax(opened_at, version) AS opened
       FROM incidents GROUP BY id
     )
     WHERE state = 'open'
     GROUP BY deployment
     ORDER BY deployment`,
    {},
  );
}

export interface DimensionSummary {
  deployment: string;
  dimension: string;
  /** The busiest values, busiest first, at most `values` of them. */
  values: string[];
  /** Distinct values seen in all. */
  distinct: number;
  /** Values past the per-dimension cap were folded into OTHER_SLICE (whether or not it is among the busiest). */
  folded: number;
}

/** The single-dimension slices of every deployment (alphabetical), each with its `values` busiest values. */
export function dimensionSummaries(client: Db, values: number): Promise<DimensionSummary[]> {
  return queryRows<DimensionSummary>(
    client,
    `SELECT deployment, dimension,
            arrayMap(x -> x.2, arraySlice(arrayReverseSort(groupArray((n, value))), 1, {values:UInt32})) AS values,
            toUInt32(count()) AS distinct,
            toUInt8(countIf(value = {other:String}) > 0) AS folded
     FROM (
       SELECT deployment, dimension, value, toUInt64(sum(requests)) AS n
       FROM request_minute
       WHERE dimension != '' AND position(dimension, '×') = 0
       GROUP BY deployment, dimension, value
     )
     GROUP BY deployment, dimension
     ORDER BY deployment, dimension`,
    { values, other: OTHER_SLICE },
  );
}

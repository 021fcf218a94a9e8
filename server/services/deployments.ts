// Deployments for the API and the pages: the list with each arm's traffic and what the deployment
// and slice pages need (the overview's cards are in ./overview).
import { armTraffic, deploymentExists, manifestVersions, sliceValues, type ArmTraffic, type SliceValues } from "@/clickhouse/queries/deployments";
import { pairDimensions } from "@/clickhouse/queries/timeseries";
import { groupBy } from "@/lib/collections/group-by";
import type { Verdict } from "@/lib/judgment/types";
import { LIMITS } from "@/lib/limits";
import type { TimeWindow } from "@/lib/time/window";
import { manifestDiff, type ManifestDiffRow } from "@/lib/view/manifest";
import { database, startedRuntime } from "@/server/runtime/runtime";
import { verdictFor } from "./verdicts";

export type { ArmTraffic, SliceValues };

export interface DeploymentArms {
  deployment: string;
  arms: ArmTraffic[];
}

/** Every deployment that has sent telemetry, by name, with each arm's traffic. */
export async function deploymentList(): Promise<DeploymentArms[]> {
  return [...groupBy(await armTraffic(await database()), (t) => t.deployment)].map(([deployment, arms]) => ({ deployment, arms }));
}

export type DeploymentPage =
  | { kind: "missing" }
  | {
      kind: "ok";
      verdict: Verdict;
      dimensions: string[];
      manifest: ManifestDiffRow[];
      /** The canary has ever reported. */
      hasCanary: boolean;
    };

/** What the deployment and slice pages show; `at` picks the verdict in force then (default: the latest). */
export async function deploymentPage(deployment: string, w: TimeWindow, at?: number): Promise<DeploymentPage> {
  const client = await database();
  if (deployment.length > LIMITS.deploymentChars || !(await deploymentExists(client, deployment))) return { kind: "missing" };
  const [verdict, singles, pairs, versions, traffic] = await Promise.all([
    verdictFor(deployment, at === undefined ? {} : { at }),
    sliceValues(client, deployment),
    pairDimensions(client, deployment, w),
    manifestVersions(client, deployment),
    armTraffic(client),
  ]);
  return {
    kind: "ok",
    verdict,
    dimensions: [...singles.map((s) => s.dimension), ...pairs],
    manifest: manifestDiff(versions),
    hasCanary: traffic.some((t) => t.deployment === deployment && t.arm === "canary"),
  };
}

/** OTLP requests this process accepted and refused for capacity in the last minute (null before start-up). */
export async function ingestPressure(): Promise<{ accepted: number; refused: number } | null> {
  return (await startedRuntime())?.admission.recent() ?? null;
}

/** What this process's cardinality caps folded or left out for a deployment (null when nothing). */
export async function cardinalityOf(deployment: string) {
  return (await startedRuntime())?.pipeline.deploymentCardinality(deployment) ?? null;
}

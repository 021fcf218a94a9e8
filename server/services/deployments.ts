// Deployments for the API and the pages: the list with each arm's traffic and what the deployment
// and slice pages need (the overview's cards are in ./overview).
import { armTraffic, deploymentExists, manifestVersions, sliceValues, type ArmTraffic, type SliceValues } from "@/clickhouse/queries/deployments";
import { armActivity, signalActivity, type Activity } from "@/clickhouse/queries/activity";
import { pairDimensions } from "@/clickhouse/queries/timeseries";
import { groupBy } from "@/lib/collections/group-by";
import { isPair } from "@/lib/judgment/cells";
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

export type { Activity };

/** What a deployment has sent, in the page's window and ever (the empty states say it). */
export interface Received {
  /** Per arm that has sent spans: baseline, canary, or 'unspecified' (no quantlens.arm). */
  arms: Activity[];
  /** Shadow comparisons and memory samples, when any were sent. */
  signals: Activity[];
  /** Single slice dimensions seen. */
  dimensions: string[];
}

export type DeploymentPage =
  | { kind: "missing" }
  /** Telemetry arrived, but nothing to compare (one arm, and no shadow comparisons): the page says what is missing. */
  | { kind: "one-arm"; received: Received }
  | {
      kind: "ok";
      verdict: Verdict;
      dimensions: string[];
      manifest: ManifestDiffRow[];
      /** The canary has ever reported. */
      hasCanary: boolean;
      received: Received;
    };

const hasArm = (r: Received, arm: string) => r.arms.some((a) => a.arm === arm && a.total > 0);

/** What the deployment and slice pages show; `at` picks the verdict in force then (default: the latest). */
export async function deploymentPage(deployment: string, w: TimeWindow, at?: number): Promise<DeploymentPage> {
  const client = await database();
  if (deployment.length > LIMITS.deploymentChars || !(await deploymentExists(client, deployment))) return { kind: "missing" };
  // One round of queries: the verdict and the rest are read alongside what was received (cheap,
  // and wasted only for a deployment that turns out to have nothing to compare).
  const [arms, signals, singles, verdict, pairs, versions] = await Promise.all([
    armActivity(client, deployment, w),
    signalActivity(client, deployment, w),
    sliceValues(client, deployment),
    verdictFor(deployment, at === undefined ? {} : { at }),
    pairDimensions(client, deployment, w),
    manifestVersions(client, deployment),
  ]);
  const received: Received = { arms, signals, dimensions: singles.map((s) => s.dimension) };
  // Comparable: both arms sent spans, or a shadow path sent comparisons (the paired evidence itself).
  const shadow = signals.some((x) => x.arm === "shadow_comparisons" && x.total > 0);
  if (!shadow && (!hasArm(received, "baseline") || !hasArm(received, "canary"))) return { kind: "one-arm", received };
  return {
    kind: "ok",
    verdict,
    // What the aggregates saw, plus every dimension the verdict judged: a pair judged earlier in the
    // epoch but quiet in this window still has its cells (however few requests they had).
    dimensions: withVerdictDimensions([...received.dimensions, ...pairs], verdict),
    manifest: manifestDiff(versions),
    hasCanary: true,
    received,
  };
}

function withVerdictDimensions(seen: string[], verdict: Verdict): string[] {
  const all = new Set(seen);
  for (const c of verdict.cells) if (c.dimension) all.add(c.dimension);
  // Single dimensions first, then pairs, each alphabetical (as the aggregates list them).
  return [...all].sort((a, b) => Number(isPair(a)) - Number(isPair(b)) || (a < b ? -1 : a > b ? 1 : 0));
}

/** OTLP requests this process accepted and refused for capacity in the last minute (null before start-up). */
export async function ingestPressure(): Promise<{ accepted: number; refused: number } | null> {
  return (await startedRuntime())?.admission.recent() ?? null;
}

/** What this process's cardinality caps folded or left out for a deployment (null when nothing). */
export async function cardinalityOf(deployment: string) {
  return (await startedRuntime())?.pipeline.deploymentCardinality(deployment) ?? null;
}

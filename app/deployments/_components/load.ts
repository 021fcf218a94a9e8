// Data shared by the deployment and slice pages; pages stay thin.
import { db, type Db } from "@/clickhouse/client";
import { armTraffic, deploymentExists, manifestVersions, sliceValues } from "@/clickhouse/queries/deployments";
import { pairDimensions } from "@/clickhouse/queries/timeseries";
import { runtime } from "@/lib/server/runtime";
import { verdictFor } from "@/lib/server/verdicts";
import { manifestDiff, type ManifestDiffRow } from "@/lib/ui/manifest";
import type { PageWindow } from "@/lib/ui/range";
import type { Verdict } from "@/lib/judgment/types";

export type Loaded =
  | { kind: "missing" }
  | {
      kind: "ok";
      client: Db;
      verdict: Verdict;
      dimensions: string[];
      manifest: ManifestDiffRow[];
      /** The canary reported in the window. */
      hasCanary: boolean;
    };

export async function loadDeployment(deployment: string, w: PageWindow): Promise<Loaded> {
  await runtime();
  const client = await db();
  if (deployment.length > 128 || !(await deploymentExists(client, deployment))) return { kind: "missing" };
  const [verdict, singles, pairs, versions, traffic] = await Promise.all([
    // The verdict in force at the end of the page's range (the latest, for a live range).
    verdictFor(deployment, w.range === "custom" ? { at: w.to } : {}),
    sliceValues(client, deployment),
    pairDimensions(client, deployment, w),
    manifestVersions(client, deployment),
    armTraffic(client),
  ]);
  const everCanary = traffic.some((t) => t.deployment === deployment && t.arm === "canary");
  return {
    kind: "ok",
    client,
    verdict,
    dimensions: [...singles.map((s) => s.dimension), ...pairs],
    manifest: manifestDiff(versions),
    hasCanary: everCanary,
  };
}

// Verdict lookups for routes and pages: one place that checks the deployment and window.
import { db } from "@/clickhouse/client";
import { deploymentExists } from "@/clickhouse/queries/deployments";
import { evaluateDeployment, type EvaluateOptions } from "@/lib/verdict/evaluate";
import type { Verdict } from "@/lib/verdict/types";
import { ApiError } from "./api-route";

export async function verdictFor(deployment: string, opts: EvaluateOptions = {}): Promise<Verdict> {
  if (deployment.length > 128) throw new ApiError(400, "deployment names are at most 128 characters");
  const client = await db();
  if (!(await deploymentExists(client, deployment))) {
    throw new ApiError(404, `no telemetry for deployment ${JSON.stringify(deployment)}`);
  }
  return evaluateDeployment(client, deployment, opts);
}

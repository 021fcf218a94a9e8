// The persisted verdict, for every route and page: the one the evaluator wrote last (or the
// newest at a given time), so the deployment page, the overview, incidents, gates and webhooks
// say the same thing at the same moment.
import { deploymentExists } from "@/clickhouse/queries/deployments";
import { latestVerdicts, verdictAt, verdictHistory, type VerdictRow } from "@/clickhouse/queries/judgment";
import { STATUSES, VERDICT_SCHEMA, type Status, type Verdict } from "@/lib/judgment/types";
import { LIMITS } from "@/lib/limits";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { database } from "@/server/runtime/runtime";

async function checked(deployment: string) {
  if (deployment.length > LIMITS.deploymentChars) throw new ValidationError(`deployment names are at most ${LIMITS.deploymentChars} characters`);
  const client = await database();
  if (!(await deploymentExists(client, deployment))) throw new NotFoundError(`no telemetry for deployment ${JSON.stringify(deployment)}`);
  return client;
}

/** What a deployment the evaluator has not judged yet reads as. */
export function notEvaluated(deployment: string, at: number): Verdict {
  const iso = new Date(at).toISOString();
  return {
    schema: VERDICT_SCHEMA,
    deployment,
    evaluatedAt: iso,
    epoch: { id: 0, startedAt: iso, reason: "canary_start" },
    policy: { name: "", version: 0 },
    status: "insufficient_data",
    since: iso,
    reason: { code: "not_evaluated", text: "not evaluated yet: no request pairs of this deployment have been judged" },
    worstCell: null,
    counts: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    notJudged: 0,
    guarantee: { alpha: 0, checks: 0, shares: { anchored: 0, change: 0, reference: 0 } },
    cells: [],
  };
}

/** The verdict in force at `at` (default: now). */
export async function verdictFor(deployment: string, opts: { at?: number } = {}): Promise<Verdict> {
  const client = await checked(deployment);
  return (await verdictAt(client, deployment, opts.at)) ?? notEvaluated(deployment, opts.at ?? Date.now());
}

/** The verdicts persisted in [from, to], newest first, without their cells. */
export async function verdictTimeline(deployment: string, from: number, to: number, limit = 500): Promise<VerdictRow[]> {
  return verdictHistory(await checked(deployment), deployment, from, to, limit);
}

/** The newest verdict of every deployment, by name. */
export async function latestVerdictsByDeployment(): Promise<Map<string, Verdict>> {
  return new Map((await latestVerdicts(await database())).map((v) => [v.deployment, v]));
}

import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { limitParam, timeParam, windowOrder, windowParams } from "@/server/http/schemas";
import { verdictFor, verdictTimeline } from "@/server/services/verdicts";

export const dynamic = "force-dynamic";

const Query = z.object({ ...windowParams, at: timeParam("at"), limit: limitParam("limit", 500, 5000) }).superRefine(windowOrder);

// The persisted verdict (schema quantlens.verdict.v2, docs/policy.md); also an Argo Rollouts
// `web` metric (jsonPath {$.status}). ?at= gives the verdict in force then; ?from=&to= the
// history of the range (newest first, without cells).
export const GET = apiRoute<{ deployment: string }, z.infer<typeof Query>>({ permission: "read", query: Query }, async ({ params, query }) => {
  if (query.from !== undefined) {
    const to = query.to ?? Date.now();
    return { deployment: params.deployment, from: new Date(query.from).toISOString(), to: new Date(to).toISOString(), history: await verdictTimeline(params.deployment, query.from, to, query.limit) };
  }
  return verdictFor(params.deployment, { at: query.at });
});

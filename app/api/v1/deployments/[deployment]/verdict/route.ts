import { apiRoute } from "@/lib/server/api-route";
import { verdictFor, verdictTimeline } from "@/lib/server/verdicts";
import { parseLimit, parseTime, parseWindow } from "@/lib/server/window";

export const dynamic = "force-dynamic";

// The persisted verdict (schema quantlens.verdict.v2, docs/policy.md); also an Argo Rollouts
// `web` metric (jsonPath {$.status}). ?at= gives the verdict in force then; ?from=&to= the
// history of the range (newest first, without cells).
export const GET = apiRoute<{ deployment: string }>("read", async ({ params, url }) => {
  const now = Date.now();
  const w = parseWindow(url, now);
  if (w.from !== undefined) {
    const limit = parseLimit(url, "limit", 500, 5000);
    return { deployment: params.deployment, from: new Date(w.from).toISOString(), to: new Date(w.to ?? now).toISOString(), history: await verdictTimeline(params.deployment, w.from, w.to ?? now, limit) };
  }
  return verdictFor(params.deployment, { at: parseTime("at", url.searchParams.get("at"), now) });
});

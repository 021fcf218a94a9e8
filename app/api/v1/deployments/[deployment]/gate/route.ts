import { apiRoute } from "@/lib/server/api-route";
import { verdictFor } from "@/lib/server/verdicts";
import { parseWindow } from "@/lib/server/window";

export const dynamic = "force-dynamic";

// A rollout gate (Flagger webhook): 200 while the canary is not failing, 412 once it fails.
// Insufficient data is not a failure: the canary keeps going until there is evidence.
async function gate({ params, url }: { params: { deployment: string }; url: URL }) {
  const v = await verdictFor(params.deployment, parseWindow(url));
  const body = { deployment: v.deployment, status: v.status, reason: v.reason, worstCell: v.worstCell, policy: v.policy, evaluatedAt: v.evaluatedAt };
  return Response.json(body, { status: v.status === "fail" ? 412 : 200 });
}
export const GET = apiRoute<{ deployment: string }>("read", gate);
export const POST = apiRoute<{ deployment: string }>("read", gate);

import { apiRoute } from "@/server/http/api-route";
import { verdictFor } from "@/server/services/verdicts";

export const dynamic = "force-dynamic";

// A rollout gate (Flagger webhook): 200 while the canary is not failing, 412 once it fails. The
// same persisted verdict as every page. Undecided is not a failure: the canary keeps going.
const guarded = apiRoute<{ deployment: string }>({ permission: "read" }, async ({ params }) => {
  const v = await verdictFor(params.deployment);
  const body = { deployment: v.deployment, status: v.status, since: v.since, reason: v.reason, worstCell: v.worstCell, policy: v.policy, epoch: v.epoch, evaluatedAt: v.evaluatedAt };
  return Response.json(body, { status: v.status === "fail" ? 412 : 200 });
});

export const GET = guarded;

// Flagger's webhooks cannot set headers: it POSTs {name, namespace, phase, metadata}, so the key
// may come as metadata.quantlens_key instead of an Authorization header.
export async function POST(req: Request, ctx: { params: Promise<{ deployment: string }> }): Promise<Response> {
  if (req.headers.get("authorization")) return guarded(req, ctx);
  const body = await req.json().catch(() => null);
  const key = body?.metadata?.quantlens_key;
  const headers = new Headers(req.headers);
  if (typeof key === "string") headers.set("authorization", `Bearer ${key}`);
  return guarded(new Request(req.url, { method: "GET", headers }), ctx);
}

import { apiRoute } from "@/server/http/api-route";
import { redeliver } from "@/server/services/deliveries";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>({ permission: "operate" }, async ({ params, caller }) => {
  await redeliver(params.id, caller.actor);
  return Response.json({ id: params.id, state: "pending" }, { status: 202 });
});

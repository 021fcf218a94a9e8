import { apiRoute } from "@/server/http/api-route";
import { acknowledge } from "@/server/services/incidents";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>({ permission: "operate" }, async ({ params, caller }) => {
  await acknowledge(params.id, caller.actor);
  return { id: params.id, acknowledged_by: caller.actor };
});

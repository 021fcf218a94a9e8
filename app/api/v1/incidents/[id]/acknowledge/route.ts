import { acknowledge } from "@/lib/server/actions";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("operate", async ({ params, caller }) => {
  await acknowledge(params.id, caller.actor);
  return { id: params.id, acknowledged_by: caller.actor };
});

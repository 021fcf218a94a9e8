import { apiRoute } from "@/lib/server/api-route";
import { redeliver } from "@/lib/server/actions";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("operate", async ({ params, caller }) => {
  await redeliver(params.id, caller.actor);
  return Response.json({ id: params.id, state: "pending" }, { status: 202 });
});

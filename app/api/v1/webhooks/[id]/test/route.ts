import { apiRoute } from "@/lib/server/api-route";
import { sendTest } from "@/lib/server/actions";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("operate", async ({ params, caller }) => Response.json(await sendTest(params.id, caller.actor), { status: 202 }));

import { apiRoute } from "@/server/http/api-route";
import { sendTest } from "@/server/services/webhooks";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>({ permission: "operate" }, async ({ params, caller }) => Response.json(await sendTest(params.id, caller.actor), { status: 202 }));

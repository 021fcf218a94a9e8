import { apiRoute } from "@/lib/server/api-route";
import { rotateSecret } from "@/lib/server/webhooks";

export const dynamic = "force-dynamic";

// A new secret, shown once; both secrets sign until the rotation is finished.
export const POST = apiRoute<{ id: string }>("operate", async ({ params, caller }) => rotateSecret(params.id, caller.actor));

import { apiRoute } from "@/server/http/api-route";
import { rotateSecret } from "@/server/services/webhooks";

export const dynamic = "force-dynamic";

// A new secret, shown once; both secrets sign until the rotation is finished.
export const POST = apiRoute<{ id: string }>({ permission: "operate" }, async ({ params, caller }) => rotateSecret(params.id, caller.actor));

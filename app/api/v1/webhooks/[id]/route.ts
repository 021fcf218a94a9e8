import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { finishRotation, setDisabled } from "@/server/services/webhooks";

export const dynamic = "force-dynamic";

const CHANGE = "send {disabled: true|false} or {finish_rotation: true}";
const Body = z.union([z.object({ finish_rotation: z.literal(true) }), z.object({ disabled: z.boolean() })], { message: CHANGE });

// PATCH {disabled: bool} or {finish_rotation: true}
export const PATCH = apiRoute<{ id: string }, Record<string, never>, z.infer<typeof Body>>({ permission: "operate", body: Body }, async ({ body, params, caller }) =>
  "finish_rotation" in body ? finishRotation(params.id, caller.actor) : setDisabled(params.id, body.disabled, caller.actor),
);

import { ApiError, apiRoute } from "@/lib/server/api-route";
import { jsonBody } from "@/lib/server/json-body";
import { finishRotation, setDisabled } from "@/lib/server/webhooks";

export const dynamic = "force-dynamic";

// PATCH {disabled: bool} or {finish_rotation: true}
export const PATCH = apiRoute<{ id: string }>("operate", async ({ req, params, caller }) => {
  const body = await jsonBody(req, "{disabled} or {finish_rotation: true}");
  if (body.finish_rotation === true) return finishRotation(params.id, caller.actor);
  if (typeof body.disabled === "boolean") return setDisabled(params.id, body.disabled, caller.actor);
  throw new ApiError(400, "send {disabled: true|false} or {finish_rotation: true}");
});

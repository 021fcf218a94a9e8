import { z } from "zod";
import { LIMITS } from "@/lib/limits";
import { apiRoute } from "@/server/http/api-route";
import { limitParam, textParam } from "@/server/http/schemas";
import { deliveriesWithAttempts } from "@/server/services/deliveries";

export const dynamic = "force-dynamic";

const Query = z.object({ deployment: textParam("deployment", LIMITS.deploymentChars), incident: textParam("incident", 200), limit: limitParam("limit", 100, 500) });

// The delivery log: state, attempts with status codes and latencies, and the payload.
export const GET = apiRoute({ permission: "read", query: Query }, async ({ query }) => ({ deliveries: await deliveriesWithAttempts(query) }));

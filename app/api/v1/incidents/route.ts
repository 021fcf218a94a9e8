import { z } from "zod";
import { LIMITS } from "@/lib/limits";
import { apiRoute } from "@/server/http/api-route";
import { textParam } from "@/server/http/schemas";
import { incidents } from "@/server/services/incidents";

export const dynamic = "force-dynamic";

const Query = z.object({ deployment: textParam("deployment", LIMITS.deploymentChars) });

export const GET = apiRoute({ permission: "read", query: Query }, async ({ query }) => ({ incidents: await incidents(query.deployment) }));

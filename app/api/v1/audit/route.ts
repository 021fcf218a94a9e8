import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { textParam } from "@/server/http/schemas";
import { auditLog } from "@/server/services/audit";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "read", query: z.object({ target: textParam("target", 1000) }) }, async ({ query }) => ({ entries: await auditLog({ target: query.target }) }));

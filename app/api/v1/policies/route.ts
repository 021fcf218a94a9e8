import { z } from "zod";
import { LIMITS } from "@/lib/limits";
import { apiRoute } from "@/server/http/api-route";
import { textParam } from "@/server/http/schemas";
import { policyVersions, savePolicy } from "@/server/services/policies";

export const dynamic = "force-dynamic";

const Query = z.object({ deployment: textParam("deployment", LIMITS.deploymentChars) });

// GET ?deployment=  → the active policy and every stored version ('' = the default for all).
export const GET = apiRoute({ permission: "read", query: Query }, async ({ query }) => ({ deployment: query.deployment, ...(await policyVersions(query.deployment)) }));

const Body = z.object(
  {
    deployment: z.unknown().transform((d) => (typeof d === "string" ? d : "")),
    document: z.unknown().refine((d) => d !== undefined, { message: "document is required" }),
    reason: z.unknown().transform((r) => (typeof r === "string" ? r : "")),
  },
  { message: "body must be a JSON object: {deployment, document, reason}" },
);

// POST {deployment, document (JSON object or JSON/YAML text), reason} → 201 with the new version,
// or 422 with every validation error's path and message.
export const POST = apiRoute<Record<string, string>, Record<string, never>, z.infer<typeof Body>>({ permission: "operate", body: Body }, async ({ body, caller }) =>
  Response.json(await savePolicy({ deployment: body.deployment, document: body.document, reason: body.reason, author: caller.actor }), { status: 201 }),
);

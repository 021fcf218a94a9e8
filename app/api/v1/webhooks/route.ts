import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { createEndpoint, endpoints } from "@/server/services/webhooks";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "read" }, async () => ({ endpoints: await endpoints() }));

// The fields are checked by the service (the URL against the network rules needs a lookup).
const Body = z.record(z.string(), z.unknown(), { message: "body must be a JSON object: {url, deployment?, events?, headers?, allow_private?, rate_per_minute?}" });

// The secret is in this response only; it is never shown again.
export const POST = apiRoute<Record<string, string>, Record<string, never>, z.infer<typeof Body>>({ permission: "operate", body: Body }, async ({ body, caller }) =>
  Response.json(await createEndpoint(body, caller.actor), { status: 201 }),
);

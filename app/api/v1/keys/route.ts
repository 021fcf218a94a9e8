import { z } from "zod";
import { apiRoute } from "@/server/http/api-route";
import { createKey, listKeys } from "@/server/services/keys";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "admin" }, async () => ({ keys: await listKeys() }));

const Body = z.object(
  {
    name: z.string({ message: "name is required (a string)" }),
    scopes: z.union([z.string(), z.array(z.string())], { message: 'scopes must be a list or comma-separated text of ingest, read, operate' }),
  },
  { message: "body must be a JSON object: {name, scopes}" },
);

// {name, scopes: "ingest,read"}: the key is in this response only; only its hash is stored. Audited.
export const POST = apiRoute<Record<string, string>, Record<string, never>, z.infer<typeof Body>>({ permission: "admin", body: Body }, async ({ body, caller }) =>
  Response.json(await createKey(body.name, body.scopes, caller.actor), { status: 201 }),
);

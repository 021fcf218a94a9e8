import { z } from "zod";
import { LIMITS } from "@/lib/limits";
import { apiRoute } from "@/server/http/api-route";
import { textParam } from "@/server/http/schemas";
import { diffVersions } from "@/server/services/policies";

export const dynamic = "force-dynamic";

const version = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const n = Number(v ?? "");
      if (v === undefined || v === "" || !Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: "custom", message: `${name} must be a policy version number (0 = built-in default)` });
        return z.NEVER;
      }
      return n;
    });

const Query = z.object({ deployment: textParam("deployment", LIMITS.deploymentChars), from: version("from"), to: version("to") });

// GET ?deployment=&from=1&to=2 → the changed paths between two versions (0 = built-in default).
export const GET = apiRoute({ permission: "read", query: Query }, async ({ query }) => diffVersions(query.deployment, query.from, query.to));

import { z } from "zod";
import { DIMENSION_NAME } from "@/lib/limits";
import { apiRoute } from "@/server/http/api-route";
import { timeParam, windowOrder, windowParams } from "@/server/http/schemas";
import { verdictFor } from "@/server/services/verdicts";

export const dynamic = "force-dynamic";

const Query = z
  .object({
    dimension: z
      .string()
      .optional()
      .superRefine((d, ctx) => {
        if (d && !d.split("×").every((x) => DIMENSION_NAME.test(x))) {
          ctx.addIssue({ code: "custom", message: `dimension must be a slice dimension name such as language or context_bucket×language; got ${JSON.stringify(d.slice(0, 80))}` });
        }
      }),
    ...windowParams,
    at: timeParam("at"),
  })
  .superRefine(windowOrder);

// The per-slice table of the persisted verdict: every cell of one dimension (or all), with n,
// levels, degradation bounds, allowance and evidence per check. ?at= (or the end of ?from=&to=)
// picks the verdict in force then; its evidence runs from the start of its epoch.
export const GET = apiRoute<{ deployment: string }, z.infer<typeof Query>>({ permission: "read", query: Query }, async ({ params, query }) => {
  const v = await verdictFor(params.deployment, { at: query.at ?? query.to });
  const dimension = query.dimension || null;
  const cells = dimension ? v.cells.filter((c) => c.dimension === dimension || c.dimension === "") : v.cells;
  // Every judged cell, however small; notJudged counts those past the policy's max_cells.
  return { deployment: v.deployment, evaluatedAt: v.evaluatedAt, epoch: v.epoch, policy: v.policy, dimension, cells, notJudged: v.notJudged };
});

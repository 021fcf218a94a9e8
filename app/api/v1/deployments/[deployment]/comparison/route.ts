import { DIMENSION_NAME } from "@/ingest/map/limits";
import { ApiError, apiRoute } from "@/lib/server/api-route";
import { verdictFor } from "@/lib/server/verdicts";
import { parseTime, parseWindow } from "@/lib/server/window";

export const dynamic = "force-dynamic";

// The per-slice table of the persisted verdict: every cell of one dimension (or all), with n,
// levels, degradation bounds, allowance and evidence per check. ?at= (or the end of ?from=&to=)
// picks the verdict in force then; its evidence runs from the start of its epoch.
export const GET = apiRoute<{ deployment: string }>("read", async ({ params, url }) => {
  const dimension = url.searchParams.get("dimension");
  if (dimension !== null && dimension !== "" && !dimension.split("×").every((d) => DIMENSION_NAME.test(d))) {
    throw new ApiError(400, `dimension must be a slice dimension name such as language or context_bucket×language; got ${JSON.stringify(dimension.slice(0, 80))}`);
  }
  const now = Date.now();
  const w = parseWindow(url, now);
  const v = await verdictFor(params.deployment, { at: parseTime("at", url.searchParams.get("at"), now) ?? w.to });
  const cells = dimension ? v.cells.filter((c) => c.dimension === dimension || c.dimension === "") : v.cells;
  return { deployment: v.deployment, evaluatedAt: v.evaluatedAt, epoch: v.epoch, policy: v.policy, dimension: dimension || null, cells };
});

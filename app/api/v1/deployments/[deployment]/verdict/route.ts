import { apiRoute } from "@/lib/server/api-route";
import { verdictFor } from "@/lib/server/verdicts";
import { parseWindow } from "@/lib/server/window";

export const dynamic = "force-dynamic";

// The whole verdict as JSON; also an Argo Rollouts `web` metric (jsonPath {$.status}).
export const GET = apiRoute<{ deployment: string }>("read", async ({ params, url }) =>
  verdictFor(params.deployment, parseWindow(url)),
);

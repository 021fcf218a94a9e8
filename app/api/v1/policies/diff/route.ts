import { ApiError, apiRoute } from "@/lib/server/api-route";
import { diffVersions } from "@/lib/server/policies";

export const dynamic = "force-dynamic";

// GET ?deployment=&from=1&to=2 → the changed paths between two versions (0 = built-in default).
export const GET = apiRoute("read", async ({ url }) => {
  const version = (name: string) => {
    const v = Number(url.searchParams.get(name));
    if (!Number.isInteger(v) || v < 0) throw new ApiError(400, `${name} must be a policy version number (0 = built-in default)`);
    return v;
  };
  return diffVersions(url.searchParams.get("deployment") ?? "", version("from"), version("to"));
});

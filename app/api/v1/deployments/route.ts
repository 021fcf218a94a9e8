import { apiRoute } from "@/server/http/api-route";
import { deploymentList } from "@/server/services/deployments";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ permission: "read" }, async () => ({ deployments: await deploymentList() }));

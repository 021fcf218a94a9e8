import { apiRoute } from "@/server/http/api-route";
import { incidentTimeline } from "@/server/services/incident-timeline";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ permission: "read" }, async ({ params }) => incidentTimeline(params.id));

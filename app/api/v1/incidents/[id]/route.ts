import { incidentTimeline } from "@/lib/server/incident-timeline";
import { apiRoute } from "@/lib/server/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("read", async ({ params }) => incidentTimeline(params.id));

import { health } from "@/server/services/health";

export const dynamic = "force-dynamic";

// Unauthenticated on purpose (load balancers): liveness, database state, ingest pressure and
// memory, as counts only; no names, keys or data.
export async function GET(): Promise<Response> {
  try {
    return Response.json(await health());
  } catch (err) {
    return Response.json(
      { status: "degraded", database: { status: "unavailable", error: (err as Error).message.slice(0, 300) } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
}

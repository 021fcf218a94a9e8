import { otlpRoute } from "@/lib/server/otlp-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = otlpRoute("metrics");

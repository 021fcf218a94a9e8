import { otlpRoute } from "@/server/http/otlp-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = otlpRoute("metrics");

// The one wrapper every OTLP route uses: start the runtime, authorize the ingest scope, hand over.
import { handleOtlp } from "@/ingest/http";
import type { Signal } from "@/ingest/otlp/types";
import { runtime } from "./runtime";

export function otlpRoute(signal: Signal) {
  return async function POST(req: Request): Promise<Response> {
    let rt;
    try {
      rt = await runtime();
    } catch (err) {
      console.error("[ingest] runtime unavailable:", (err as Error).message);
      return new Response("the database is unavailable; retry later", { status: 503, headers: { "retry-after": "5" } });
    }
    return handleOtlp(signal, req, {
      pipeline: rt.pipeline,
      maxBodyBytes: rt.maxBodyBytes,
      authorize: async (h) => (await rt.keys.authenticate(h))?.scopes.includes("ingest") ?? false,
    });
  };
}

// The one wrapper every OTLP route uses: start the runtime, authorize the ingest scope (with its
// per-key rate), hand over to the framework-free handler in ingest/.
import { handleOtlp } from "@/ingest/http";
import type { Signal } from "@/ingest/otlp/types";
import { runtime, type Runtime } from "@/server/runtime/runtime";

export function otlpRoute(signal: Signal) {
  return async function POST(req: Request): Promise<Response> {
    let rt: Runtime;
    try {
      rt = await runtime();
    } catch (err) {
      console.error("[ingest] runtime unavailable:", (err as Error).message);
      return new Response("the database is unavailable; retry later", { status: 503, headers: { "retry-after": "5" } });
    }
    return handleOtlp(signal, req, {
      pipeline: rt.pipeline,
      maxBodyBytes: rt.config.ingest.maxBodyBytes,
      admission: rt.admission,
      authorize: async (h) => {
        const key = await rt.keys.authenticate(h);
        if (!key?.scopes.includes("ingest")) return false;
        const wait = rt.ingestLimiter.take(key.id);
        return wait > 0 ? { retryAfterSeconds: wait } : true;
      },
    });
  };
}

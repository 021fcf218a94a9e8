// The one wrapper every OTLP route uses: start the runtime, authorize the ingest scope, hand over.
import { handleOtlp } from "@/ingest/http";
import type { Signal } from "@/ingest/otlp/types";
import { runtime } from "./runtime";
import { RateLimiter } from "@/lib/auth/rate-limit";

// Per ingest key: QUANTLENS_INGEST_RPS requests per second (default 2000), bursts of twice that.
const RPS = Number(process.env.QUANTLENS_INGEST_RPS ?? 2000);
const perKey = new RateLimiter(RPS, RPS * 2);

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
      admission: rt.admission,
      authorize: async (h) => {
        const key = await rt.keys.authenticate(h);
        if (!key?.scopes.includes("ingest")) return false;
        const wait = perKey.take(key.id);
        return wait > 0 ? { retryAfterSeconds: wait } : true;
      },
    });
  };
}

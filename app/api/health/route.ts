import { dbConfig } from "@/clickhouse/client";
import { pingDatabase } from "@/clickhouse/queries/health";
import { db } from "@/clickhouse/client";
import { runningEvaluator } from "@/lib/server/background";
import { runtime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

// Unauthenticated on purpose (load balancers): liveness, database state, ingest pressure and
// memory, as counts only; no names, keys or data.
export async function GET(): Promise<Response> {
  const started = Date.now();
  try {
    const rt = await runtime();
    const info = await pingDatabase(await db());
    return Response.json({
      status: "ok",
      database: {
        status: "ok",
        mode: dbConfig().url ? "server" : "embedded",
        version: info.version,
        activeParts: Number(info.parts),
        latencyMs: Date.now() - started,
        memory: { trackedBytes: Number(info.trackedBytes), markCacheBytes: Number(info.markCacheBytes), primaryIndexCacheBytes: Number(info.primaryIndexCacheBytes) },
      },
      // Embedded, ClickHouse's memory is part of this process's RSS.
      process: { rssBytes: process.memoryUsage.rss(), jsHeapBytes: process.memoryUsage().heapUsed },
      // Ingest pressure, for load balancers and the load test; counts only, no names.
      ingest: { ...rt.admission.stats(), ...rt.writer.getStats(), replacedStrings: rt.pipeline.replacedStringCount },
      // Cardinality caps (ingest/slice-cap.ts, ingest/cumulative.ts): what they folded, left out or
      // refused since start, summed over deployments; counts only, no names.
      cardinality: rt.pipeline.cardinalityStats(),
      eventLoop: rt.eventLoop.stats(),
      // The judgment: request pairs fed to the evaluator, and the evaluator itself (docs/policy.md).
      judgment: { feed: (({ writer: _w, ...f }) => f)(rt.feed.stats()), evaluator: runningEvaluator()?.stats() ?? null },
      uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
    });
  } catch (err) {
    return Response.json(
      { status: "degraded", database: { status: "unavailable", error: (err as Error).message.slice(0, 300) } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
}

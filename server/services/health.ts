// Liveness for load balancers: database state, ingest pressure, memory, cardinality caps and the
// judgment, as counts only (no names, keys or data).
import { pingDatabase } from "@/clickhouse/queries/health";
import { database, runtime } from "@/server/runtime/runtime";

export async function health() {
  const started = Date.now();
  const rt = await runtime();
  const info = await pingDatabase(await database());
  return {
    status: "ok",
    database: {
      status: "ok",
      mode: rt.config.db.url ? "server" : "embedded",
      version: info.version,
      activeParts: Number(info.parts),
      latencyMs: Date.now() - started,
      memory: { trackedBytes: Number(info.trackedBytes), markCacheBytes: Number(info.markCacheBytes), primaryIndexCacheBytes: Number(info.primaryIndexCacheBytes) },
    },
    // Embedded, ClickHouse's memory is part of this process's RSS.
    process: { rssBytes: process.memoryUsage.rss(), jsHeapBytes: process.memoryUsage().heapUsed },
    // Ingest pressure, for load balancers and the load test.
    ingest: { ...rt.admission.stats(), ...rt.writer.getStats(), replacedStrings: rt.pipeline.replacedStringCount },
    // Cardinality caps (ingest/slice-cap.ts, ingest/cumulative.ts): what they folded, left out or
    // refused since start, summed over deployments.
    cardinality: rt.pipeline.cardinalityStats(),
    eventLoop: rt.eventLoop.stats(),
    // The judgment: request pairs fed to the evaluator, and the evaluator itself (docs/policy.md).
    judgment: { feed: (({ writer: _w, ...f }) => f)(rt.feed.stats()), evaluator: rt.background?.evaluator.stats() ?? null },
    uptimeSeconds: Math.round((Date.now() - rt.startedAt) / 1000),
  };
}

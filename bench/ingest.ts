// bench:ingest — OTLP protobuf span batches from this process to the built server (a separate
// process), then the same rows inserted directly into the same engine with @clickhouse/client.
// Prints spans/s end to end, the ratio to direct insert, p99 request latency and peak RSS, and
// writes them to bench/results/ingest.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@clickhouse/client";
import { migrate } from "@/clickhouse/migrate";
import { readDbConfig } from "@/clickhouse/config";
import { insertRows } from "@/clickhouse/queries/insert";
import { decodeRequest } from "@/ingest/otlp/decode";
import { mapTraces } from "@/ingest/map/traces";
import { SliceCap } from "@/ingest/slice-cap";
import { startServerProcess } from "@/testkit/server-process";
import { protobufBatches, Sends } from "@/testkit/spans";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PER_BATCH = Number(process.env.BENCH_BATCH_SPANS ?? 2000);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function endToEnd(batches: Uint8Array[]) {
  const server = await startServerProcess({
    env: process.env.BENCH_BACKGROUND === "0" ? { QUANTLENS_BACKGROUND: "0" } : {},
    nodeArgs: process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  });
  const latencies: number[] = [];
  let spans = 0;
  let rejectedRequests = 0;
  const stopAt = Date.now() + SECONDS * 1000;
  const sends = new Sends(batches);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < stopAt) {
        const body = sends.next();
        const t0 = performance.now();
        const res = await fetch(`${server.url}/v1/traces`, {
          method: "POST",
          headers: { authorization: `Bearer ${server.key}`, "content-type": "application/x-protobuf" },
          body: body as unknown as BodyInit,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status === 200) spans += PER_BATCH;
        else {
          rejectedRequests++;
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 100));
        }
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const peak = server.peakRssBytes();
  await server.stop();
  // Check what was acknowledged is stored: reopen the directory the server used.
  return { spansPerSec: spans / elapsed, acknowledged: spans, rejectedRequests, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), peakRssMb: peak / 1e6, dataDir: server.dataDir };
}

async function direct(batches: Uint8Array[], e2eDataDir: string, acknowledged: number) {
  const { createChdbConnection } = await import("chdb/connection");
  // Same engine, same schema: first count what the server stored, then time direct inserts.
  const client = createClient({ connection: createChdbConnection({ path: e2eDataDir }) } as never);
  const stored = await (await client.query({ query: "SELECT toUInt64(count()) n FROM inference_events", format: "JSONEachRow" })).json<{ n: number }>();
  await client.close();
  const { drainPending } = await import("chdb");
  await drainPending();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-direct-"));
  const c2 = createClient({ connection: createChdbConnection({ path: dir }) } as never);
  await migrate(c2, readDbConfig({ ...process.env, QUANTLENS_DATA_DIR: dir }));
  const mapped = batches.map((b) => mapTraces(decodeRequest("traces", "protobuf", b) as never, new SliceCap()).rows);
  // Group rows the way the server's writer does (up to 50,000 per INSERT).
  const group = Math.max(1, Math.floor(50_000 / PER_BATCH));
  let spans = 0;
  const stopAt = Date.now() + SECONDS * 1000;
  const started = Date.now();
  let i = 0;
  while (Date.now() < stopAt) {
    const parts = Array.from({ length: group }, () => mapped[i++ % mapped.length]);
    const events = parts.flatMap((p) => p.inference_events);
    const shadow = parts.flatMap((p) => p.shadow_comparisons);
    await Promise.all([insertRows(c2, "inference_events", events), insertRows(c2, "shadow_comparisons", shadow)]);
    spans += events.length;
  }
  const elapsed = (Date.now() - started) / 1000;
  await c2.close();
  return { spansPerSec: spans / elapsed, stored: Number(stored[0].n), acknowledged };
}

async function main() {
  console.log(`bench:ingest — ${CONCURRENCY} concurrent senders, ${PER_BATCH} spans per request (20 attributes, 3 slices, shadow events), ${SECONDS}s each phase`);
  const batches = protobufBatches("bench-ingest", 16, PER_BATCH);
  console.log(`payload: ${(batches[0].byteLength / 1024).toFixed(0)} KiB per request`);
  const e2e = await endToEnd(batches);
  const d = await direct(batches, e2e.dataDir, e2e.acknowledged);
  const cpu = os.cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`end to end:     ${Math.round(e2e.spansPerSec).toLocaleString()} spans/s (p50 ${e2e.p50.toFixed(0)} ms, p99 ${e2e.p99.toFixed(0)} ms per request; ${e2e.rejectedRequests} requests shed)`);
  console.log(`direct insert:  ${Math.round(d.spansPerSec).toLocaleString()} spans/s (same engine and schema, @clickhouse/client)`);
  console.log(`ratio:          ${(e2e.spansPerSec / d.spansPerSec).toFixed(2)} of direct insert`);
  console.log(`server peak RSS ${e2e.peakRssMb.toFixed(0)} MB`);
  console.log(`durability:     acknowledged ${d.acknowledged.toLocaleString()} spans, stored ${d.stored.toLocaleString()}${d.stored >= d.acknowledged ? " (all)" : " — MISSING ROWS"}`);
  const out = path.join(import.meta.dirname, "results", "ingest.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const result = {
    date: new Date().toISOString(),
    machine: `${cpu.length}× ${cpu[0]?.model ?? "cpu"}`,
    concurrency: CONCURRENCY,
    spans_per_request: PER_BATCH,
    seconds: SECONDS,
    end_to_end_spans_per_s: Math.round(e2e.spansPerSec),
    direct_insert_spans_per_s: Math.round(d.spansPerSec),
    ratio_to_direct: Number((e2e.spansPerSec / d.spansPerSec).toFixed(3)),
    p50_ms: Math.round(e2e.p50),
    p99_ms: Math.round(e2e.p99),
    requests_shed: e2e.rejectedRequests,
    peak_rss_mb: Math.round(e2e.peakRssMb),
    acknowledged_spans: d.acknowledged,
    stored_spans: d.stored,
  };
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (d.stored < d.acknowledged) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

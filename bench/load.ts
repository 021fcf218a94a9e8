// npm run test:load — sustained OTLP ingest at 80% of the ingest maximum from this (separate)
// process, while a second client loads the dashboard page and the verdict API every second;
// then overload at twice the maximum. Loopback only, bounded in time. Exits non-zero if stored ≠ accepted or the
// server died.
// Env: LOAD_MINUTES (10), LOAD_MAX_SPANS_PER_S (measured by a 20 s calibration when unset),
// LOAD_OVERLOAD_S (60), LOAD_BATCH_SPANS (2000).
import fs from "node:fs";
import { signIn } from "@/testkit/session";
import { protobufBatches, Sends } from "@/testkit/spans";
import { storedCount } from "@/testkit/load-client";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

const MINUTES = Number(process.env.LOAD_MINUTES ?? 10);
const OVERLOAD_S = Number(process.env.LOAD_OVERLOAD_S ?? 60);
const PER_BATCH = Number(process.env.LOAD_BATCH_SPANS ?? 2000);

const q = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Phase {
  accepted: number;
  rejected: number;
  statuses: Map<number, number>;
  missingRetryAfter: number;
  latencies: number[];
  /** Latency of the answers that refused (429/503): shedding must be fast to help. */
  refusedLatencies: number[];
  seconds: number;
}

/** Sends protobuf batches; `spansPerSecond` paces them (Infinity = as fast as possible). */
async function ingest(s: ServerProcess, sends: Sends, seconds: number, spansPerSecond: number, concurrency: number): Promise<Phase> {
  const p: Phase = { accepted: 0, rejected: 0, statuses: new Map(), missingRetryAfter: 0, latencies: [], refusedLatencies: [], seconds };
  const started = Date.now();
  const stopAt = started + seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < stopAt) {
        if (Number.isFinite(spansPerSecond)) {
          const due = started + (sent / spansPerSecond) * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
          if (Date.now() >= stopAt) break;
        }
        sent += PER_BATCH;
        const t = performance.now();
        try {
          const res = await fetch(`${s.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${s.key}`, "content-type": "application/x-protobuf" }, body: sends.next() as unknown as BodyInit });
          await res.arrayBuffer();
          (res.status === 200 ? p.latencies : p.refusedLatencies).push(performance.now() - t);
          p.statuses.set(res.status, (p.statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) p.accepted += PER_BATCH;
          else {
            p.rejected += PER_BATCH;
            if ((res.status === 429 || res.status === 503) && !res.headers.get("retry-after")) p.missingRetryAfter++;
            await sleep(Number(res.headers.get("retry-after") ?? 1) * 200);
          }
        } catch {
          p.statuses.set(0, (p.statuses.get(0) ?? 0) + 1);
          p.rejected += PER_BATCH;
          await sleep(200);
        }
      }
    }),
  );
  return p;
}

async function main(): Promise<void> {
  const sends = new Sends(protobufBatches("load", 16, PER_BATCH));
  const s = await startServerProcess();
  let phase = "calibration";
  const samples: { t: number; phase: string; rssMb: number; parts: number; inserts: number; insertedRows: number; limitMb: number; latencyMs: number; elu: number; lagMs: number; jsHeapMb: number; chMb: number; cachesMb: number }[] = [];
  const sampler = setInterval(async () => {
    try {
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${s.proc.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
      const h = await (await fetch(`${s.url}/api/health`)).json();
      samples.push({ t: Date.now(), phase, rssMb: rss, parts: h.database?.activeParts ?? -1, inserts: h.ingest?.inserts ?? 0, insertedRows: h.ingest?.insertedRows ?? 0, limitMb: (h.ingest?.limitBytes ?? 0) / 1048576, latencyMs: h.ingest?.latencyMs ?? 0, elu: h.eventLoop?.utilization ?? -1, lagMs: h.eventLoop?.delayP99Ms ?? -1, jsHeapMb: (h.process?.jsHeapBytes ?? 0) / 1048576, chMb: (h.database?.memory?.trackedBytes ?? 0) / 1048576, cachesMb: ((h.database?.memory?.markCacheBytes ?? 0) + (h.database?.memory?.primaryIndexCacheBytes ?? 0)) / 1048576 });
    } catch {
      /* reported as a gap */
    }
  }, 10_000);
  let exitCode = 0;
  try {
    let max = Number(process.env.LOAD_MAX_SPANS_PER_S ?? 0);
    let calibration: Phase | null = null;
    if (!max) {
      calibration = await ingest(s, sends, 20, Infinity, 8);
      max = calibration.accepted / 20;
    }
    const target = Math.round(max * 0.8);
    console.log(`test:load — ingest maximum ${Math.round(max).toLocaleString("en")} spans/s${calibration ? " (20 s calibration)" : ""}; sustained phase at 80% = ${target.toLocaleString("en")} spans/s for ${MINUTES} min, with the dashboard and verdict API loaded every second`);

    // The second client: a signed-in browser-like page load and an API verdict, every second.
    const cookie = await signIn(s.url, "admin", "process-admin-password-1");
    const pageMs: number[] = [];
    const apiMs: number[] = [];
    const readErrors: string[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const t0 = performance.now();
        const page = await fetch(`${s.url}/deployments/load?range=15m&dim=language`, { headers: { cookie } }).catch((e) => e as Error);
        if (page instanceof Response) {
          await page.text();
          pageMs.push(performance.now() - t0);
          if (page.status !== 200) readErrors.push(`page ${page.status}`);
        } else readErrors.push(`page ${page.message}`);
        const t1 = performance.now();
        const api = await fetch(`${s.url}/api/v1/deployments/load/verdict`, { headers: { authorization: `Bearer ${s.key}` } }).catch((e) => e as Error);
        if (api instanceof Response) {
          await api.text();
          apiMs.push(performance.now() - t1);
          if (api.status !== 200) readErrors.push(`verdict ${api.status}`);
        } else readErrors.push(`verdict ${api.message}`);
        await sleep(Math.max(0, 1000 - (performance.now() - t0)));
      }
    })();
    phase = "sustained";
    const sustained = await ingest(s, sends, MINUTES * 60, target, 8);
    phase = "overload";
    reading = false;
    await reader;
    // Open loop at twice the maximum (up to 64 requests in flight), so the queue really fills.
    const overload = await ingest(s, sends, OVERLOAD_S, max * 2, 64);
    const alive = s.proc.exitCode === null && (await fetch(`${s.url}/api/health`).then((r) => r.ok).catch(() => false));
    clearInterval(sampler);
    await s.stop();
    const accepted = (calibration?.accepted ?? 0) + sustained.accepted + overload.accepted;
    // Each acknowledged span is one row (baseline and canary spans alike).
    const stored = storedCount(s.dataDir);

    const fmt = (m: Map<number, number>) => [...m].sort().map(([k, v]) => `${k === 0 ? "network error" : k}×${v}`).join(", ");
    console.log(`\n| phase | seconds | accepted spans | rejected spans | accepted spans/s | responses | accepted p50 ms | accepted p99 ms | refused p50 ms | refused p99 ms |`);
    console.log(`|---|---|---|---|---|---|---|---|---|---|`);
    for (const [name, p] of [["calibration (max)", calibration], ["sustained 80%", sustained], ["overload (paced at 2× the maximum, ≤ 64 in flight)", overload]] as const) {
      if (!p) continue;
      console.log(`| ${name} | ${p.seconds} | ${p.accepted.toLocaleString("en")} | ${p.rejected.toLocaleString("en")} | ${Math.round(p.accepted / p.seconds).toLocaleString("en")} | ${fmt(p.statuses)} | ${q(p.latencies, 0.5).toFixed(0)} | ${q(p.latencies, 0.99).toFixed(0)} | ${q(p.refusedLatencies, 0.5).toFixed(0)} | ${q(p.refusedLatencies, 0.99).toFixed(0)} |`);
    }
    console.log(`\nstored ${stored.toLocaleString("en")} vs accepted ${accepted.toLocaleString("en")}: ${stored === accepted ? "equal" : "DIFFERENT"}`);
    console.log(`429/503 without Retry-After: ${sustained.missingRetryAfter + overload.missingRetryAfter}; server alive after overload: ${alive}`);
    console.log(`dashboard page p95 ${q(pageMs, 0.95).toFixed(0)} ms (${pageMs.length} loads), verdict API p95 ${q(apiMs, 0.95).toFixed(0)} ms (${apiMs.length} calls); read errors: ${readErrors.length}${readErrors.length ? ` (${[...new Set(readErrors)].slice(0, 3).join(", ")})` : ""}`);
    const rss = samples.map((x) => x.rssMb);
    const third = Math.max(1, Math.floor(rss.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    console.log(`RSS MB over time (every 10 s): first third mean ${mean(rss.slice(0, third)).toFixed(0)}, last third mean ${mean(rss.slice(-third)).toFixed(0)}, max ${Math.max(...rss).toFixed(0)}`);
    console.log(`RSS series: ${rss.map((x) => x.toFixed(0)).join(" ")}`);
    // Flat or leaking: the least-squares slope of RSS over the second half of the sustained phase.
    const steady = samples.filter((x) => x.phase === "sustained");
    const half = steady.slice(Math.floor(steady.length / 2));
    if (half.length >= 3) {
      const xs = half.map((x) => (x.t - half[0].t) / 60_000);
      const mx = mean(xs);
      const my = mean(half.map((x) => x.rssMb));
      const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      const slope = half.reduce((a, x, i) => a + (xs[i] - mx) * (x.rssMb - my), 0) / sxx;
      const residual = half.reduce((a, x, i) => a + (x.rssMb - (my + slope * (xs[i] - mx))) ** 2, 0) / (half.length - 2);
      const se = Math.sqrt(residual / sxx);
      console.log(`RSS slope over the second half of the sustained phase: ${slope.toFixed(1)} ± ${se.toFixed(1)} MB/min (standard error; ${half.length} samples, mean ${my.toFixed(0)} MB)`);
    }
    // Where the memory is: the JS heap, ClickHouse's tracked memory, and its mark and primary-index caches.
    const perMinute = samples.filter((_, i) => i % 6 === 0);
    console.log(`memory MB each minute (RSS / JS heap / ClickHouse tracked / of which caches): ${perMinute.map((x) => `${x.rssMb.toFixed(0)}/${x.jsHeapMb.toFixed(0)}/${x.chMb.toFixed(0)}/${x.cachesMb.toFixed(0)}`).join(" ")}`);
    console.log(`active parts over time: ${samples.map((x) => x.parts).join(" ")} (max ${Math.max(...samples.map((x) => x.parts))})`);
    // Rows per INSERT in each 10 s interval: group commit makes them grow with the backlog.
    const perInsert = samples.slice(1).map((x, i) => Math.round((x.insertedRows - samples[i].insertedRows) / Math.max(1, x.inserts - samples[i].inserts)));
    console.log(`rows per insert over time: ${perInsert.join(" ")}`);
    console.log(`event loop utilization / p99 delay ms over time: ${samples.map((x) => `${x.elu}/${x.lagMs}`).join(" ")}`);
    console.log(`admission limit MiB / smoothed latency ms over time: ${samples.map((x) => `${x.limitMb.toFixed(0)}/${x.latencyMs}`).join(" ")}`);
    const slow = s.log().split("\n").filter((l) => l.includes("[ingest]"));
    console.log(`server's ingest log lines: ${slow.length}${slow.length ? `\n  ${slow.slice(0, 20).join("\n  ")}` : ""}`);
    if (stored !== accepted || !alive || sustained.missingRetryAfter + overload.missingRetryAfter > 0) exitCode = 1;
  } finally {
    clearInterval(sampler);
    await s.stop().catch(() => undefined);
  }
  process.exit(exitCode);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// npm run bench:dashboard: server-side render time and size of the overview and the deployment
// page with 10M events stored. Builds, in a fresh embedded ClickHouse: the 10M-event dataset
// (testkit/dataset.ts), its deployment's verdict history (a verdict every 3 min over 6 h, each
// with all 149 cells: the whole deployment, 20 singles, 128 pairs; the newest failing on long×de),
// and a fleet of small deployments with verdicts of mixed statuses, open incidents, stale arms,
// a baseline-only one and one with 32 dimensions. All verdicts go through the production
// persistence (putVerdicts). Then starts the built server on it as a separate process, without
// the evaluator (the verdicts stay as written), signs in, and times full page requests (HTML
// fully rendered on the server).
// Targets (issue 13): overview and deployment page p95 < 300 ms, overview HTML < 150 KB.
// Env: BENCH_EVENTS (10000000), BENCH_SHADOW (5000000), BENCH_REPS (30), BENCH_FLEET (30);
// BENCH_OUT (another results file, for a reduced run); BENCH_DUMP (a path prefix: each page's HTML).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDataset, buildFleet, fleetPlan, persistVerdictHistory } from "@/testkit/dataset";
import { signIn } from "@/testkit/session";
import { startServerProcess } from "@/testkit/server-process";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const SHADOW = Number(process.env.BENCH_SHADOW ?? 5_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 30);
const FLEET = Number(process.env.BENCH_FLEET ?? 30);
const TARGET_MS = 300;
const TARGET_OVERVIEW_BYTES = 150 * 1024;
const DEPLOYMENT = "bench-dashboard";

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
const count = (body: string, testId: string) => body.split(`data-testid="${testId}"`).length - 1;

interface Page {
  url: string;
  /** Throws when the page did not render what it must. */
  check: (body: string) => void;
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`the page did not render ${what}`);
}

/** One full server-side render: its time and the HTML's size. */
async function time(name: string, page: Page, cookie: string): Promise<{ ms: number; bytes: number; body: string }> {
  const t = performance.now();
  const res = await fetch(page.url, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
  try {
    page.check(body);
  } catch (e) {
    if (process.env.BENCH_DUMP) fs.writeFileSync(process.env.BENCH_DUMP, body);
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  return { ms, bytes: Buffer.byteLength(body), body };
}

const deploymentPage = (dim: string, rows: number): Page["check"] => (body) => {
  must(body.includes('data-testid="chart-latency"'), "the charts");
  must(body.includes('data-testid="verdict-summary"'), "the verdict");
  // The persisted verdict's cells for the dimension: the comparison table's rows.
  must(count(body, "slice-row") >= rows, `${rows} comparison rows for ${dim}`);
  // The slice heatmap, where the branch has one.
  if (body.includes('data-testid="slice-heatmap"')) must(body.includes("long×de"), "the pair cells on the heatmap");
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-bench-dashboard-"));
  process.env.QUANTLENS_DATA_DIR = dir;
  const { db, dbConfig, closeDb } = await import("@/clickhouse/client");
  const { migrate } = await import("@/clickhouse/migrate");
  await migrate(await db(), dbConfig());
  const { now } = await buildDataset(await db(), { deployment: DEPLOYMENT, events: EVENTS, shadow: SHADOW, log: console.log });
  await persistVerdictHistory(await db(), { deployment: DEPLOYMENT, now, log: console.log });
  const plan = fleetPlan(FLEET);
  await buildFleet(await db(), plan, { now, log: console.log });
  await closeDb();
  const { drainPending } = await import("chdb");
  await drainPending();
  const deployments = FLEET + 1;
  const failing = 1 + plan.filter((f) => f.status === "fail").length;

  const server = await startServerProcess({ dataDir: dir, env: { QUANTLENS_BACKGROUND: "0" } });
  try {
    const cookie = await signIn(server.url, "admin", "process-admin-password-1");
    const overview: Page["check"] = (body) => {
      must(count(body, "deployment-card") === deployments, `${deployments} deployment cards (${count(body, "deployment-card")})`);
      // Problems first: the first card is a failing one.
      must(/data-testid="deployment-card" data-deployment="[^"]*" data-status="([a-z_]+)"/.exec(body)?.[1] === "fail", "a failing deployment first");
      must(body.includes('data-testid="status-counts"'), "the counts per status");
      if (FLEET > 0) must(body.includes('data-testid="more-dimensions"'), "a bounded dimension list");
    };
    const pages: Record<string, Page> = {
      "overview /": { url: `${server.url}/`, check: overview },
      "overview ?status=fail": { url: `${server.url}/?status=fail`, check: (b) => must(count(b, "deployment-card") === failing, `${failing} failing cards`) },
      "deployment page, 6 h, by language": { url: `${server.url}/deployments/${DEPLOYMENT}?range=6h&dim=language`, check: deploymentPage("language", 8) },
      "deployment page, 24 h, by task": { url: `${server.url}/deployments/${DEPLOYMENT}?range=24h&dim=task`, check: deploymentPage("task", 8) },
      "deployment page, 1 h, by context_bucket×language": { url: `${server.url}/deployments/${DEPLOYMENT}?range=1h&dim=${encodeURIComponent("context_bucket×language")}`, check: deploymentPage("context_bucket×language", 32) },
      "GET /api/health (for scale)": { url: `${server.url}/api/health`, check: () => {} },
    };
    console.log(`server-side render, ${REPS} requests each after 2 warm-ups, ${EVENTS.toLocaleString("en")} events stored, ${deployments} deployments`);
    console.log("| page | p50 ms | p95 ms | max ms | HTML KB |");
    console.log("|---|---|---|---|---|");
    const results: Record<string, { p50_ms: number; p95_ms: number; max_ms: number; bytes: number }> = {};
    const p95: Record<string, number> = {};
    for (const [name, page] of Object.entries(pages)) {
      await time(name, page, cookie);
      await time(name, page, cookie);
      const runs: { ms: number; bytes: number; body: string }[] = [];
      for (let i = 0; i < REPS; i++) runs.push(await time(name, page, cookie));
      const ts = runs.map((r) => r.ms);
      if (process.env.BENCH_DUMP) fs.writeFileSync(`${process.env.BENCH_DUMP}.${Object.keys(results).length}.html`, runs.at(-1)!.body);
      p95[name] = pct(ts, 0.95);
      results[name] = { p50_ms: Math.round(pct(ts, 0.5)), p95_ms: Math.round(p95[name]), max_ms: Math.round(Math.max(...ts)), bytes: runs.at(-1)!.bytes };
      console.log(`| ${name} | ${pct(ts, 0.5).toFixed(0)} | ${p95[name].toFixed(0)} | ${Math.max(...ts).toFixed(0)} | ${(runs.at(-1)!.bytes / 1024).toFixed(0)} |`);
    }
    const health = p95["GET /api/health (for scale)"];
    const ov = p95["overview /"];
    const dep = Math.max(p95["deployment page, 6 h, by language"], p95["deployment page, 24 h, by task"], p95["deployment page, 1 h, by context_bucket×language"]);
    const ovBytes = results["overview /"].bytes;
    const verdictOf = (r: number) => (r <= 1 ? "meets" : "misses");
    console.log(`overview p95 / ${TARGET_MS} ms target = ${(ov / TARGET_MS).toFixed(2)} (${verdictOf(ov / TARGET_MS)}); p95 / health p95 = ${(ov / health).toFixed(1)}`);
    console.log(`deployment page p95 (worst of three) / ${TARGET_MS} ms target = ${(dep / TARGET_MS).toFixed(2)} (${verdictOf(dep / TARGET_MS)}); p95 / health p95 = ${(dep / health).toFixed(1)}`);
    console.log(`overview HTML / ${TARGET_OVERVIEW_BYTES / 1024} KB target = ${(ovBytes / TARGET_OVERVIEW_BYTES).toFixed(2)} (${verdictOf(ovBytes / TARGET_OVERVIEW_BYTES)})`);
    console.log(`server peak RSS ${(server.peakRssBytes() / 1e6).toFixed(0)} MB`);
    fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
    const out = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length}× ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "cpu"}`,
      events: EVENTS,
      shadow: SHADOW,
      deployments,
      reps: REPS,
      targets: { p95_ms: TARGET_MS, overview_html_bytes: TARGET_OVERVIEW_BYTES },
      pages: results,
      overview_p95_ms: Math.round(ov),
      overview_html_bytes: ovBytes,
      deployment_p95_ms: Math.round(dep),
      overview_p95_over_target: Number((ov / TARGET_MS).toFixed(3)),
      overview_html_over_target: Number((ovBytes / TARGET_OVERVIEW_BYTES).toFixed(3)),
      deployment_p95_over_target: Number((dep / TARGET_MS).toFixed(3)),
      overview_p95_over_health_p95: Number((ov / health).toFixed(2)),
      deployment_p95_over_health_p95: Number((dep / health).toFixed(2)),
      peak_rss_mb: Math.round(server.peakRssBytes() / 1e6),
    };
    const file = process.env.BENCH_OUT ?? path.join(import.meta.dirname, "results", "dashboard.json");
    fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

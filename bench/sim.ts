// npm run sim: simulated canaries judged by the server's own Evaluator (bench/sim/run.ts),
// re-checked every simulated second. Prints the A/A false-alarm rate with its 95% interval and,
// per A/B scenario, the detection rate, median requests and median seconds to the incident.
// Env: SIM_AA_RUNS (200), SIM_AB_RUNS (100), SIM_RATE (50 requests/s), SIM_AA_HOURS (1),
// SIM_AB_HOURS (2), SIM_WORKERS (2), SIM_ONLY (comma list of scenarios). Seeded, deterministic.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { regularizedBeta } from "@/lib/stats";
import { runOne, type RunResult, type SimConfig } from "./sim/run";
import { SCENARIOS, type Scenario } from "@/testkit/traffic";

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const RATE = env("SIM_RATE", 50);
const only = process.env.SIM_ONLY ? new Set(process.env.SIM_ONLY.split(",")) : null;

interface Job {
  scenario: Scenario;
  runs: number;
  cfg: SimConfig;
}

const JOBS: Job[] = (
  [
    { scenario: "aa", runs: env("SIM_AA_RUNS", 200), cfg: { rate: RATE, horizonSeconds: env("SIM_AA_HOURS", 1) * 3600 } },
    { scenario: "pair", runs: env("SIM_AB_RUNS", 100), cfg: { rate: RATE, horizonSeconds: env("SIM_AB_HOURS", 2) * 3600 } },
    { scenario: "pair_late", runs: env("SIM_AB_RUNS", 100), cfg: { rate: RATE, horizonSeconds: 1800 + env("SIM_AB_HOURS", 2) * 3600 } },
    { scenario: "exact_match", runs: env("SIM_AB_RUNS", 100), cfg: { rate: RATE, horizonSeconds: env("SIM_AB_HOURS", 2) * 3600 } },
    { scenario: "p95", runs: env("SIM_AB_RUNS", 100), cfg: { rate: RATE, horizonSeconds: env("SIM_AB_HOURS", 2) * 3600 } },
  ] as Job[]
).filter((j) => !only || only.has(j.scenario));

const seedOf = (s: Scenario, i: number) => ({ aa: 1_000_000, pair: 2_000_000, pair_late: 3_000_000, exact_match: 4_000_000, p95: 5_000_000 })[s] + i;

async function shard(index: number, count: number): Promise<RunResult[][]> {
  const out: RunResult[][] = [];
  for (const j of JOBS) {
    const rs: RunResult[] = [];
    for (let i = index; i < j.runs; i += count) rs.push(await runOne(j.scenario, seedOf(j.scenario, i), j.cfg));
    out.push(rs);
  }
  return out;
}

/** Clopper–Pearson 95% interval for k of n, from the regularized incomplete beta (bisection). */
export function clopperPearson(k: number, n: number): [number, number] {
  const solve = (target: number, a: number, b: number) => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (regularizedBeta(mid, a, b) < target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = k === 0 ? 0 : solve(0.025, k, n - k + 1);
  const upper = k === n ? 1 : solve(0.975, k + 1, n - k);
  return [lower, upper];
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarize(j: Job, rs: RunResult[]) {
  const hit = rs.filter((r) => r.failedAfter !== null);
  const [lo, hi] = clopperPearson(hit.length, rs.length);
  const worst = new Map<string, number>();
  for (const r of hit) if (r.worst) worst.set(r.worst, (worst.get(r.worst) ?? 0) + 1);
  return {
    scenario: j.scenario,
    description: SCENARIOS[j.scenario],
    runs: rs.length,
    horizon_s: j.cfg.horizonSeconds,
    rate: j.cfg.rate,
    incidents: hit.length,
    rate_ci95: [lo, hi],
    regressed_cell_listed: hit.filter((r) => r.regressedListed).length,
    healthy_cells_listed: hit.reduce((n, r) => n + r.healthyListed, 0),
    median_requests: median(hit.map((r) => r.regressedRequests!)),
    median_seconds: median(hit.map((r) => r.failedAfter!)),
    max_seconds: hit.length ? Math.max(...hit.map((r) => r.failedAfter!)) : null,
    worst: [...worst].sort((a, b) => b[1] - a[1]).slice(0, 3),
  };
}

const pct = (k: number, n: number) => `${k}/${n} (${((100 * k) / Math.max(1, n)).toFixed(1)}%)`;

async function main(): Promise<void> {
  const workers = Math.max(1, Math.min(env("SIM_WORKERS", Math.min(2, os.availableParallelism())), 16));
  const t0 = performance.now();
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) =>
      new Promise<RunResult[][]>((resolve, reject) => {
        const child = fork(process.argv[1], [], { env: { ...process.env, SIM_SHARD: `${w}/${workers}` }, execArgv: process.execArgv });
        child.once("message", (m) => resolve(m as RunResult[][]));
        child.once("exit", (code) => code !== 0 && reject(new Error(`worker ${w} exited with ${code}`)));
      }),
    ),
  );
  const rows = JOBS.map((j, ji) => summarize(j, parts.flatMap((p) => p[ji])));
  const secs = (performance.now() - t0) / 1000;
  console.log(`quantlens sim: the server's Evaluator on simulated traffic at ${RATE} requests/s, 3 dimensions (5 languages × 3 context buckets × 3 tasks: 51 cells with pairs), default policy, re-checked every simulated second, restarted from its checkpoint halfway; ${workers} workers, ${secs.toFixed(0)} s`);
  console.log("| scenario | runs × horizon | incidents | 95% CI | regressed cell listed | healthy cells listed | median requests in the cell | median s to incident | max s | worst cell · metric (most often) |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const aa = r.scenario === "aa";
    console.log(
      `| ${r.description} | ${r.runs} × ${(r.horizon_s / 3600).toFixed(1)} h | ${pct(r.incidents, r.runs)} | ${(100 * r.rate_ci95[0]).toFixed(1)}–${(100 * r.rate_ci95[1]).toFixed(1)}% | ${aa ? "–" : pct(r.regressed_cell_listed, r.incidents)} | ${r.healthy_cells_listed} | ${r.median_requests ?? "–"} | ${r.median_seconds ?? "–"} | ${r.max_seconds ?? "–"} | ${r.worst.map(([w, n]) => `${w} ×${n}`).join("; ") || "–"} |`,
    );
  }
  const out = path.join(import.meta.dirname, "results", "sim.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}`, rate: RATE, seconds: Math.round(secs), scenarios: rows }, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

if (process.env.SIM_SHARD) {
  const [i, n] = process.env.SIM_SHARD.split("/").map(Number);
  shard(i, n).then((out) => process.send!(out, () => process.exit(0)));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

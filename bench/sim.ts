// npm run sim: canaries from known distributions, judged continuously with the pure judge().
// Env: SIM_AA_RUNS (200), SIM_AB_RUNS (100), SIM_CHECK_SECONDS (5), SIM_DENSE_SECONDS (0; every 5 s before), SIM_HORIZON_SECONDS (1200),
// SIM_RATE (100 req/s per arm), SIM_WORKERS (2). Seeded and deterministic.
import { fork } from "node:child_process";
import os from "node:os";
import type { RunResult, SimConfig } from "./sim/model";
import { runJob, summarize, type Job, type Summary } from "./sim/run";

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const cfg: SimConfig = {
  ratePerArm: env("SIM_RATE", 100),
  checkEverySeconds: env("SIM_CHECK_SECONDS", 5),
  denseUntilSeconds: env("SIM_DENSE_SECONDS", 0),
  horizonSeconds: env("SIM_HORIZON_SECONDS", 1200),
};
const AA = env("SIM_AA_RUNS", 200);
const AB = env("SIM_AB_RUNS", 100);
const JOBS: Job[] = [
  { scenario: "aa", policy: "default", runs: AA },
  { scenario: "aa", policy: "variant", runs: AA },
  { scenario: "agreement", policy: "default", runs: AB },
  { scenario: "agreement", policy: "variant", runs: AB },
  { scenario: "latency", policy: "default", runs: AB },
];

if (process.env.SIM_SHARD) {
  // Child: run its share of every job and send the raw results back.
  const [shard, shards] = process.env.SIM_SHARD.split("/").map(Number);
  const out = JOBS.map((j) => runJob(j, cfg, shard, shards));
  process.send!(out, () => process.exit(0));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

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
  const summaries: Summary[] = JOBS.map((j, ji) => summarize(j, parts.flatMap((p) => p[ji])));
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`quantlens sim: ${cfg.ratePerArm} req/s per arm over 5 slices (language), verdict every 5 s for the first ${cfg.denseUntilSeconds} s then every ${cfg.checkEverySeconds} s, horizon ${cfg.horizonSeconds / 60} min, latency from per-cell histograms; ${workers} workers, ${secs} s`);
  console.log(table(summaries));
}

const pct = (k: number, n: number) => `${k}/${n} (${((100 * k) / Math.max(1, n)).toFixed(1)}%)`;
const metrics = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}×${v}`)
    .join(", ") || "–";

function table(rows: Summary[]): string {
  const lines = [
    "| scenario | policy | runs | deployment ever `fail` | any slice ever `fail` | regressed slice `fail` | median canary requests to fail | median time to fail | target | fail metrics |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const aa = r.scenario === "aa";
    const name = aa ? "A/A (identical arms)" : r.scenario === "agreement" ? "A/B exact match −3 pts on 1 of 5 slices" : "A/B p95 +20% on 1 of 5 slices";
    const target = aa ? "≤ 5% ever-fail" : r.scenario === "agreement" ? "≥ 95% detected" : "(report)";
    lines.push(
      `| ${name} | ${r.policy} | ${r.runs} | ${pct(r.deploymentFail, r.runs)} | ${pct(r.sliceFail, r.runs)} | ${aa ? "–" : pct(r.regressedFail, r.runs)} | ${r.medianRequestsToFail ?? "–"} | ${r.medianSecondsToFail === null ? "–" : `${r.medianSecondsToFail} s`} | ${target} | ${metrics(r.failMetrics)} |`,
    );
  }
  return lines.join("\n");
}

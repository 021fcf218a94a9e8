// Runs the comparison queries for a deployment and judges them against its policy.
import type { Db } from "@/clickhouse/client";
import {
  canaryFirstSeen,
  driftCells,
  memoryMinutes,
  requestCells,
  shadowCells,
  type Window,
} from "@/clickhouse/queries/comparison";
import { getPolicy } from "@/clickhouse/queries/policies";
import { checkCovers, isLatencyMetric, resolveChecks, type Policy } from "@/lib/policy";
import type { RequestRow, SampleSet } from "./data";
import { toBinned } from "./histogram-samples";
import { judge } from "./judge";
import type { Verdict } from "./types";

export interface EvaluateOptions {
  /** Epoch ms; default: the canary's first event (else one hour before `to`). */
  from?: number;
  /** Epoch ms, exclusive; default: now. */
  to?: number;
  /** Evaluate this policy instead of the stored one (e.g. a draft); version defaults to 0. */
  policy?: { policy: Policy; version?: number };
  /** Drift reference window for the baseline arm; default: the evaluated window. */
  driftReference?: Window;
  now?: number;
}

const HOUR = 3_600_000;

/** Cells whose latency checks can run: covered by one and with both arms at its min_samples. */
function sampleCells(policy: Policy, requests: RequestRow[]): { dimension: string; value: string }[] {
  const latency = resolveChecks(policy).filter((c) => isLatencyMetric(c.metric));
  if (latency.length === 0) return [];
  const byCell = new Map<string, { dimension: string; value: string; b: number; c: number }>();
  for (const r of requests) {
    const k = `${r.dimension}\u0000${r.value}`;
    const e = byCell.get(k) ?? { dimension: r.dimension, value: r.value, b: 0, c: 0 };
    if (r.arm === "baseline") e.b = r.requests;
    if (r.arm === "canary") e.c = r.requests;
    byCell.set(k, e);
  }
  return [...byCell.values()]
    .filter((e) => latency.some((chk) => checkCovers(chk, e.dimension) && Math.min(e.b, e.c) >= chk.min_samples))
    .map(({ dimension, value }) => ({ dimension, value }));
}

/** Latency histograms of the cells whose latency checks can run (no raw rows are read). */
function latencySamples(policy: Policy, requests: RequestRow[]): SampleSet[] {
  const wanted = new Set(sampleCells(policy, requests).map((c) => `${c.dimension}\u0000${c.value}`));
  const out = new Map<string, SampleSet>();
  for (const r of requests) {
    const k = `${r.dimension}\u0000${r.value}`;
    if (!wanted.has(k) || (r.arm !== "baseline" && r.arm !== "canary")) continue;
    const s = out.get(k) ?? { dimension: r.dimension, value: r.value, baseline: { bins: [], counts: [] }, canary: { bins: [], counts: [] } };
    s[r.arm] = toBinned(r.hist_bins ?? [], r.hist_counts ?? []);
    out.set(k, s);
  }
  return [...out.values()];
}

export async function evaluateDeployment(client: Db, deployment: string, opts: EvaluateOptions = {}): Promise<Verdict> {
  const now = opts.now ?? Date.now();
  const to = opts.to ?? now;
  const stored = opts.policy ? { policy: opts.policy.policy, version: opts.policy.version ?? 0 } : await getPolicy(client, deployment);
  const from = opts.from ?? (await canaryFirstSeen(client, deployment)) ?? to - HOUR;
  const window: Window = { from: Math.min(from, to), to };
  const [requests, shadow, drift, memory] = await Promise.all([
    requestCells(client, deployment, window),
    shadowCells(client, deployment, window),
    driftCells(client, deployment, window, opts.driftReference ?? window),
    memoryMinutes(client, deployment, window),
  ]);
  const samples = latencySamples(stored.policy, requests);
  return judge(
    { requests, shadow, drift, memory, samples },
    { deployment, window, policy: stored.policy, policyVersion: stored.version, now },
  );
}

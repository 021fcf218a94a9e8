// The deployment's state → the verdict every page, gate and webhook reads. Pure.
import type { Metric } from "@/lib/policy";
import { logMixture } from "./betting";
import { anchoredLogThreshold, changeLogThreshold, cellWeight, SHARES } from "./budget";
import { nullBoundary, spreadTable, type SpreadTable } from "./boundary";
import { parseCellKey } from "./cells";
import { judgesCell, type JudgedCheck } from "./checks";
import { fromUnit, lowerBound, projectedRadius, upperBound } from "./confidence";
import { p2Value } from "./quantile";
import { checkReason, deploymentReason } from "./reason";
import { budgetOf, fail, type StepContext } from "./step";
import { allKeys, type DeploymentState, type KeyState } from "./state";
import { STATUSES, VERDICT_SCHEMA, type CellVerdict, type CheckVerdict, type Eta, type Status, type Verdict, type WorstCell } from "./types";

/** Within this factor of its threshold, evidence is shown as building ("marginal"). */
export const MARGINAL_LOG = Math.log(10);

const iso = (ms: number) => new Date(ms).toISOString();

/** Per-observation log-growth of the best bet against θ, roughly (for ETAs toward a failure). */
function growth(mean: number, variance: number, theta: number, lo: number): number {
  const d = mean - theta;
  if (!(d > 0)) return 0;
  const quadratic = (d * d) / (2 * Math.max(variance, 1e-12));
  return Math.min(quadratic, Math.log1p((0.9 * d) / (theta - lo)));
}

function eta(key: KeyState, jc: JudgedCheck, theta: number, thetaPass: number, alpha: number, logGap: number): Eta | undefined {
  const n = key.n;
  if (n < 2) return undefined;
  const mean = key.sum / n;
  const variance = Math.max(0, key.sumsq / n - mean * mean);
  const seconds = (k: number | null) => {
    const span = (key.lastAt - key.firstAt) / 1000;
    return k === null || !(span > 0) ? null : Math.round(k / (n / span));
  };
  if (mean < thetaPass) {
    const width = jc.support.hi - jc.support.lo;
    const gap = (thetaPass - mean) / width;
    const v = variance / (width * width);
    let need = n;
    while (projectedRadius(need, v, alpha) > gap && need < 1e12) need *= 2;
    const more = Math.max(0, need - n);
    return { toward: "pass", requests: more, seconds: seconds(more) };
  }
  if (mean > theta) {
    const g = growth(mean, variance, theta, jc.support.lo);
    const more = g > 0 ? Math.ceil(Math.max(0, logGap) / g) : null;
    return { toward: "fail", requests: more, seconds: seconds(more) };
  }
  return { toward: mean - thetaPass > theta - mean ? "fail" : "pass", requests: null, seconds: null };
}

function levels(s: DeploymentState, jc: JudgedCheck, cellKey: string, key: KeyState | undefined, reference: { level: number } | undefined): [number | null, number | null] {
  if (!key || key.n === 0) return [null, null];
  const m = jc.check.metric;
  if (jc.family === "agreement") {
    const cell = key.sum / key.n;
    const toMetric = (x: number) => (m === "kl_divergence" ? x : 1 - x);
    return [reference ? toMetric(reference.level) : null, toMetric(cell)];
  }
  if (jc.family === "quantile") {
    const q = s.cells[cellKey].latency[String(jc.quantile)];
    return [p2Value(q.baseline), p2Value(q.canary)];
  }
  return key.levelN > 0 ? [key.levelBaseline / key.levelN, key.levelCanary / key.levelN] : [null, null];
}

/** A key's status and what it rests on, without the texts (every evaluation needs it for the overall cell). */
export function keyStatus(s: DeploymentState, ctx: StepContext, jc: JudgedCheck, cellKey: string, spreads: SpreadTable | undefined) {
  const key = s.cells[cellKey].keys[jc.check.index];
  const budget = budgetOf(ctx, s.cells[cellKey].order);
  const b = nullBoundary(s, ctx.policy, jc, cellKey, key, budget, spreads);
  if (!b) return null;
  const n = key?.n ?? 0;
  if (!key || n === 0) return { status: "insufficient_data" as Status, key, b, budget, upper: null };
  const upper = fromUnit(jc.support, upperBound(key.cs, ctx.policy.alpha));
  let status: Status;
  if (key.failed) status = "fail";
  else if (key.excess >= -MARGINAL_LOG) status = "marginal";
  else if (n < ctx.policy.min_samples) status = "insufficient_data";
  else if (upper <= b.thetaPass) status = "pass";
  else status = "inconclusive";
  return { status, key, b, budget, upper };
}

export function checkVerdict(s: DeploymentState, ctx: StepContext, jc: JudgedCheck, cellKey: string, spreads: SpreadTable | undefined): CheckVerdict | null {
  const st = keyStatus(s, ctx, jc, cellKey, spreads);
  if (!st) return null;
  const { key, b, budget } = st;
  const n = key?.n ?? 0;
  const [baseline, canary] = levels(s, jc, cellKey, key, b.reference);
  const base: CheckVerdict = {
    check: jc.check.index,
    metric: jc.check.metric,
    failsDeployment: jc.check.failsDeployment,
    n,
    baseline,
    canary,
    degradation: null,
    allowed: b.theta,
    ...(b.reference ? { reference: { level: b.reference.level, upper: b.reference.upper, spread: b.reference.spread } } : {}),
    evidence: null,
    status: st.status,
    reason: { code: "no_data", text: "" },
  };
  if (!key || n === 0) return { ...base, reason: checkReason({ code: "no_data", metric: jc.check.metric, family: jc.family, n }) };
  const thrA = anchoredLogThreshold(budget);
  const thrC = changeLogThreshold(budget, key.detectors.starts);
  const logA = logMixture(key.detectors.logK);
  const logC = logMixture(key.detectors.logR);
  const estimate = key.sum / n;
  const v: CheckVerdict = {
    ...base,
    degradation: { estimate, lower: fromUnit(jc.support, lowerBound(key.cs, ctx.policy.alpha)), upper: st.upper! },
    evidence: { anchored: { log: logA, logThreshold: thrA }, change: { log: logC, logThreshold: thrC } },
  };
  const facts = { metric: jc.check.metric, family: jc.family, n, estimate, theta: b.theta, thetaPass: b.thetaPass, upper: st.upper!, logA, thrA, logC, thrC };
  switch (st.status) {
    case "fail":
      v.failed = { at: iso(key.failed!.at), detector: key.failed!.detector, n: key.failed!.n };
      v.reason = checkReason({ ...facts, code: "failed", detector: key.failed!.detector, at: key.failed!.at, log: key.failed!.log, logThreshold: key.failed!.logThreshold, failedN: key.failed!.n });
      return v;
    case "marginal":
      v.reason = checkReason({ ...facts, code: "evidence_building" });
      return v;
    case "insufficient_data":
      v.reason = checkReason({ ...facts, code: "too_few", minSamples: ctx.policy.min_samples });
      return v;
    case "pass":
      v.reason = checkReason({ ...facts, code: "within_allowance" });
      return v;
    default: {
      const e = eta(key, jc, b.theta, b.thetaPass, ctx.policy.alpha, Math.min(thrA - logA, thrC - logC));
      if (e) v.eta = e;
      v.reason = checkReason({ ...facts, code: "inconclusive", eta: e });
      return v;
    }
  }
}

function cellStatus(checks: CheckVerdict[]): Status {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "marginal")) return "marginal";
  if (checks.length > 0 && checks.every((c) => c.status === "pass")) return "pass";
  if (checks.every((c) => c.status === "insufficient_data")) return "insufficient_data";
  return "inconclusive";
}

/**
 * At the deployment's first failure (a stopping time), e-BH (Wang & Ramdas) over the anchored
 * e-values lists every cell whose evidence clears it, with weights equal to the keys' budget
 * shares: the listed set has false discovery rate ≤ the anchored share of α under any dependence.
 * Those keys fail too (sticky). Returns the keys it failed.
 */
export function listFailingCells(s: DeploymentState, ctx: StepContext): string[] {
  if (s.ebhAt !== null || s.failures === 0) return [];
  const failing = [...allKeys(s)].some((k) => k.failed && ctx.checks.find((c) => c.check.index === k.check)?.check.failsDeployment);
  if (!failing) return [];
  s.ebhAt = ctx.now;
  const level = ctx.policy.alpha * SHARES.anchored;
  const scored = [...allKeys(s)].map((k) => ({ id: `${k.cell}\u0001${k.check}`, k, w: logMixture(k.detectors.logK) + Math.log(cellWeight(s.cells[k.cell].order) / Math.max(1, ctx.checks.length)) }));
  scored.sort((a, b) => b.w - a.w);
  let kStar = 0;
  for (let k = 1; k <= scored.length; k++) if (scored[k - 1].w >= -Math.log(level * k)) kStar = k;
  const added: string[] = [];
  for (let i = 0; i < kStar; i++) {
    const { id, k } = scored[i];
    if (k.failed) continue;
    fail(s, k, { at: ctx.now, detector: "e-bh", n: k.n, log: logMixture(k.detectors.logK), logThreshold: -Math.log(level * kStar) - Math.log(cellWeight(s.cells[k.cell].order) / Math.max(1, ctx.checks.length)) });
    added.push(id);
  }
  return added;
}

export interface Summary {
  status: Status;
  /** The failing (else marginal) key with the most evidence beyond its threshold. */
  worst: { cell: string; check: number; metric: Metric } | null;
  failing: number;
  marginal: number;
}

/** The deployment's status from its keys, cheap enough for every evaluation (no per-cell verdicts). */
export function summaryOf(s: DeploymentState, ctx: StepContext): Summary {
  const byIndex = new Map(ctx.checks.map((c) => [c.check.index, c]));
  let failing = 0;
  let marginal = 0;
  let best: { id: KeyState; excess: number; depth: number; failed: boolean } | null = null;
  for (const key of allKeys(s)) {
    const jc = byIndex.get(key.check);
    if (!jc || !jc.check.failsDeployment) continue;
    const ex = key.excess;
    const isMarginal = !key.failed && ex >= -MARGINAL_LOG;
    if (key.failed) failing++;
    else if (isMarginal) marginal++;
    else continue;
    const failed = !!key.failed;
    const depth = key.cell.split("×").length;
    if (!best || (failed && !best.failed) || (failed === best.failed && (ex > best.excess || (ex === best.excess && depth > best.depth)))) best = { id: key, excess: ex, depth, failed };
  }
  const worst = best ? { cell: best.id.cell, check: best.id.check, metric: byIndex.get(best.id.check)!.check.metric } : null;
  if (failing) return { status: "fail", worst, failing, marginal };
  if (marginal) return { status: "marginal", worst, failing, marginal };
  if (s.pairs === 0 || !s.cells["\u0000"]) return { status: "insufficient_data", worst: null, failing, marginal };
  const overall = overallChecks(s, ctx);
  if (overall.length && overall.every((c) => c.status === "pass")) return { status: "pass", worst: null, failing, marginal };
  if (overall.every((c) => c.status === "insufficient_data")) return { status: "insufficient_data", worst: null, failing, marginal };
  return { status: "inconclusive", worst: null, failing, marginal };
}

function overallChecks(s: DeploymentState, ctx: StepContext): { status: Status }[] {
  const out: { status: Status }[] = [];
  for (const jc of ctx.checks) {
    if (!jc.check.failsDeployment || !judgesCell(jc, ctx.policy, "")) continue;
    const st = keyStatus(s, ctx, jc, "\u0000", undefined);
    if (st) out.push({ status: st.status });
  }
  return out;
}

/** Keeps the deployment's status and when it entered it. */
export function noteStatus(s: DeploymentState, status: Status, now: number): void {
  if (status !== s.status) {
    s.status = status;
    s.statusSince = now;
  }
}

/** `advisory`: memory and drift checks by cell key, shown beside the judged checks (never in a status). */
export function verdictOf(s: DeploymentState, ctx: StepContext, summary: Summary = summaryOf(s, ctx), advisory: Record<string, CheckVerdict[]> = {}): Verdict {
  const spreads = new Map<number, SpreadTable>();
  for (const jc of ctx.checks) if (jc.family === "agreement") spreads.set(jc.check.index, spreadTable(s, jc));
  const cells: CellVerdict[] = [];
  for (const [cellKey, cell] of Object.entries(s.cells)) {
    const id = parseCellKey(cellKey);
    const checks: CheckVerdict[] = [];
    for (const jc of ctx.checks) {
      if (!judgesCell(jc, ctx.policy, id.dimension)) continue;
      const v = checkVerdict(s, ctx, jc, cellKey, spreads.get(jc.check.index));
      if (v) checks.push(v);
    }
    cells.push({ ...id, order: cell.order, n: { shadow: cell.shadow, arms: cell.arms }, status: cellStatus(checks), checks: [...checks, ...(advisory[cellKey] ?? [])] });
  }
  cells.sort((a, b) => (a.dimension === b.dimension ? a.value.localeCompare(b.value) : a.dimension === "" ? -1 : b.dimension === "" ? 1 : a.dimension.localeCompare(b.dimension)));

  const counts = Object.fromEntries(STATUSES.map((st) => [st, 0])) as Record<Status, number>;
  for (const c of cells) counts[c.status]++;
  noteStatus(s, summary.status, ctx.now);

  const w = summary.worst;
  const worstCellVerdict = w ? cells.find((c) => c.dimension === parseCellKey(w.cell).dimension && c.value === parseCellKey(w.cell).value) : undefined;
  const worstCheck = w ? worstCellVerdict?.checks.find((k) => k.check === w.check) : undefined;
  const worstCell: WorstCell | null = w && worstCellVerdict ? { dimension: worstCellVerdict.dimension, value: worstCellVerdict.value, status: worstCellVerdict.status, metric: w.metric, check: w.check } : null;
  const overall = cells.find((c) => c.dimension === "");
  const blocking = (overall?.checks ?? []).filter((k) => k.failsDeployment && k.status !== "pass").sort((a, b) => (b.eta?.requests ?? Infinity) - (a.eta?.requests ?? Infinity))[0];
  return {
    schema: VERDICT_SCHEMA,
    deployment: s.deployment,
    evaluatedAt: iso(ctx.now),
    epoch: { id: s.epoch.id, startedAt: iso(s.epoch.startedAt), reason: s.epoch.reason },
    policy: { name: ctx.policy.name, version: ctx.policyVersion },
    status: summary.status,
    since: iso(s.statusSince),
    reason: deploymentReason({
      status: summary.status,
      top: worstCellVerdict && worstCheck ? { cell: worstCellVerdict, check: worstCheck } : null,
      failing: summary.failing,
      blocking: blocking ?? null,
      pairs: s.pairs,
      minSamples: ctx.policy.min_samples,
    }),
    worstCell,
    counts,
    notJudged: s.notJudged.length,
    guarantee: { alpha: ctx.policy.alpha, checks: ctx.checks.length, shares: { ...SHARES } },
    cells,
  };
}

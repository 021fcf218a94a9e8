// One evaluation step for one deployment: the pairs read since the last step become one batch
// per (cell, check). Every bet and threshold of the batch is fixed from the state before it
// (predictable), then the batch is applied and the alarms are read. Pure: no I/O, no clock.
import type { Policy } from "@/lib/policy";
import { addRecent, applyBatch, batchLogFactors, logMixture, newDetectors, newRecent, optimalBet } from "./betting";
import { anchoredLogThreshold, changeLogThreshold, type KeyBudget } from "./budget";
import { nullBoundary, spreadTable, type SpreadTable } from "./boundary";
import { cellKeysOf } from "./cells";
import { judgesCell, type JudgedCheck } from "./checks";
import { addBatch, addValues, newConfidence, toUnit } from "./confidence";
import { newP2, p2Add, p2Value } from "./quantile";
import type { PairRecord } from "./records";
import { newDeploymentState, type CellState, type DeploymentState, type Failure, type KeyState } from "./state";
import type { EpochReason } from "./types";

export interface StepContext {
  policy: Policy;
  policyVersion: number;
  /** Identifies the stored policy (scope and version). */
  policyKey: string;
  checks: JudgedCheck[];
  /** Evaluator clock, epoch ms. */
  now: number;
}

/** Bound on the list of cells past max_cells that we remember (the count stays exact below it). */
const NOT_JUDGED_MEMORY = 1000;

export function budgetOf(ctx: StepContext, order: number): KeyBudget {
  return { alpha: ctx.policy.alpha, checks: ctx.checks.length, cellOrder: order };
}

export function newEpoch(deployment: string, ctx: StepContext, id: number, reason: EpochReason, canaryManifest = ""): DeploymentState {
  return newDeploymentState(deployment, { id, startedAt: ctx.now, reason, policyVersion: ctx.policyVersion, policyKey: ctx.policyKey, canaryManifest });
}

interface Pending {
  jc: JudgedCheck;
  cellKey: string;
  values: Map<number, number>;
  base: Map<number, number>;
  levelBaseline: number;
  levelCanary: number;
  levelN: number;
}

interface Sums {
  n: number;
  sx: number;
  sxx: number;
}

const add = <K>(m: Map<K, number>, k: K, c = 1) => m.set(k, (m.get(k) ?? 0) + c);

function unitSums(jc: JudgedCheck, values: ReadonlyMap<number, number>): Sums {
  const out = { n: 0, sx: 0, sxx: 0 };
  for (const [x, c] of values) {
    const u = toUnit(jc.support, x);
    out.n += c;
    out.sx += c * u;
    out.sxx += c * u * u;
  }
  return out;
}

function ensureCell(s: DeploymentState, ctx: StepContext, k: string): CellState | null {
  const cell = s.cells[k];
  if (cell) return cell;
  if (s.nextOrder > ctx.policy.max_cells) {
    if (!s.notJudged.includes(k) && s.notJudged.length < NOT_JUDGED_MEMORY) s.notJudged.push(k);
    return null;
  }
  const latency: CellState["latency"] = {};
  for (const jc of ctx.checks) {
    if (jc.quantile !== undefined) latency[String(jc.quantile)] = { baseline: newP2(jc.quantile), canary: newP2(jc.quantile) };
  }
  return (s.cells[k] = { order: s.nextOrder++, shadow: 0, arms: 0, latency, firstAt: ctx.now, lastAt: ctx.now, keys: {} });
}

/** Judges a batch of pairs in the given order. A new canary manifest starts a new epoch: returns the state to keep. */
export function step(state: DeploymentState, records: readonly PairRecord[], ctx: StepContext): DeploymentState {
  let s = state;
  let from = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.kind !== "arms" || !r.canaryManifest) continue;
    if (!s.epoch.canaryManifest) s.epoch.canaryManifest = r.canaryManifest;
    else if (r.canaryManifest !== s.epoch.canaryManifest) {
      applyRecords(s, records.slice(from, i), ctx);
      s = newEpoch(s.deployment, ctx, s.epoch.id + 1, "manifest_change", r.canaryManifest);
      from = i;
    }
  }
  applyRecords(s, from === 0 ? records : records.slice(from), ctx);
  return s;
}

interface CellPlan {
  key: string;
  cell: CellState;
  /** Indices into ctx.checks of the checks that cover the cell, by the record kind they read. */
  shadowChecks: number[];
  armsChecks: number[];
  /** This batch's pending observations per check, shared by every plan of the cell. */
  slots: (Pending | undefined)[];
  /** This batch's latency threshold per check (the baseline's quantile before the batch), once read. */
  tau: (number | null | undefined)[];
}

/** The cells of one slice combination, and which checks cover each: computed once per combination per batch. */
function plansFor(s: DeploymentState, ctx: StepContext, slices: Record<string, string>, cache: Map<string, CellPlan[]>, byCell: Map<string, CellPlan>): CellPlan[] {
  let sig = "";
  for (const k in slices) sig += `${k}\u0001${slices[k]}\u0002`;
  let plans = cache.get(sig);
  if (plans) return plans;
  plans = [];
  for (const ck of cellKeysOf(slices)) {
    let plan = byCell.get(ck);
    if (!plan) {
      const cell = ensureCell(s, ctx, ck);
      if (!cell) continue;
      const dimension = ck.slice(0, ck.indexOf("\u0000"));
      const covering = ctx.checks.flatMap((jc, ci) => (judgesCell(jc, ctx.policy, dimension) ? [ci] : []));
      plan = { key: ck, cell, shadowChecks: covering.filter((ci) => ctx.checks[ci].source === "shadow"), armsChecks: covering.filter((ci) => ctx.checks[ci].source === "arms"), slots: [], tau: [] };
      byCell.set(ck, plan);
    }
    plans.push(plan);
  }
  cache.set(sig, plans);
  return plans;
}

function applyRecords(s: DeploymentState, records: readonly PairRecord[], ctx: StepContext): void {
  if (records.length === 0) return;
  const pending: Pending[] = [];
  const everything = new Map<number, Map<number, number>>();
  // Latency pairs per cell, applied to the quantile sketches after the batch: cells, then (baseline, canary) values.
  const latencyCells: CellState[] = [];
  const latencyValues: number[] = [];
  const cache = new Map<string, CellPlan[]>();
  const byCell = new Map<string, CellPlan>();
  const checks = ctx.checks;
  for (const r of records) {
    s.pairs++;
    for (const plan of plansFor(s, ctx, r.slices, cache, byCell)) {
      const cell = plan.cell;
      const ck = plan.key;
      cell.lastAt = ctx.now;
      let covering: number[];
      if (r.kind === "shadow") {
        cell.shadow++;
        covering = plan.shadowChecks;
      } else {
        cell.arms++;
        latencyCells.push(cell);
        latencyValues.push(r.baseline.latencyMs, r.canary.latencyMs);
        covering = plan.armsChecks;
      }
      for (const ci of covering) {
        const jc = checks[ci];
        let t: number | null = null;
        if (jc.quantile !== undefined) {
          // The threshold is the baseline's quantile as it stood before this batch.
          let v = plan.tau[ci];
          if (v === undefined) {
            const q = cell.latency[String(jc.quantile)].baseline;
            plan.tau[ci] = v = q.count >= ctx.policy.min_samples ? p2Value(q) : null;
          }
          t = v;
        }
        const x = jc.observe(r, t);
        // A non-finite value would poison the wealth for good; ingest never produces one.
        if (x === null || !Number.isFinite(x)) continue;
        let p = plan.slots[ci];
        if (!p) {
          p = plan.slots[ci] = { jc, cellKey: ck, values: new Map(), base: new Map(), levelBaseline: 0, levelCanary: 0, levelN: 0 };
          pending.push(p);
        }
        add(p.values, x);
        const b = jc.baseLevel?.(r);
        if (b !== undefined && b !== null) add(p.base, b);
        jc.levels(r, p);
        if (jc.family === "agreement" && ck === "\u0000") {
          // The whole deployment's cell sees every pair: the agreement checks' reference.
          const e = everything.get(jc.check.index) ?? new Map<number, number>();
          add(e, x);
          everything.set(jc.check.index, e);
        }
      }
    }
  }
  // Agreement checks whose whole-deployment cell is not judged still need every pair's x.
  for (const jc of ctx.checks) {
    if (jc.family !== "agreement" || everything.has(jc.check.index)) continue;
    const e = new Map<number, number>();
    for (const r of records) {
      if (r.kind !== jc.source) continue;
      const x = jc.observe(r, null);
      if (x !== null) add(e, x);
    }
    if (e.size) everything.set(jc.check.index, e);
  }

  // Bets and thresholds from the state before the batch.
  const spreads = new Map<number, SpreadTable>();
  const spreadOf = (jc: JudgedCheck) => {
    let t = spreads.get(jc.check.index);
    if (!t) spreads.set(jc.check.index, (t = spreadTable(s, jc)));
    return t;
  };
  const plans: { p: Pending; key: KeyState; theta: number }[] = [];
  for (const p of pending) {
    const cell = s.cells[p.cellKey];
    const budget = budgetOf(ctx, cell.order);
    const existing = cell.keys[p.jc.check.index];
    const b = nullBoundary(s, ctx.policy, p.jc, p.cellKey, existing, budget, p.jc.family === "agreement" ? spreadOf(p.jc) : undefined);
    if (!b) continue;
    const key = existing ?? newKey(s, p, ctx);
    // Bets need θ strictly above the lowest possible x.
    const theta = Math.max(b.theta, p.jc.support.lo + 1e-9 * (p.jc.support.hi - p.jc.support.lo));
    plans.push({ p, key, theta });
  }

  for (const { p, key, theta } of plans) {
    const adaptive = optimalBet(key.recent, theta, p.jc.support.lo);
    applyBatch(key.detectors, batchLogFactors(p.values, theta, p.jc.support.lo, adaptive), ctx.now);
    addRecent(key.recent, p.values, p.jc.support.lo, p.jc.support.hi);
    addValues(key.cs, p.jc.support, p.values);
    if (key.base && p.base.size) addValues(key.base, { lo: 0, hi: 1 }, p.base);
    if (key.recovery) {
      const last = key.recovery[key.recovery.length - 1];
      if (ctx.now - last.since >= RECOVERY_SPACING_MS) {
        key.recovery.push({ since: ctx.now, n: 0, cs: newConfidence() });
        if (key.recovery.length > RECOVERY_WINDOWS) key.recovery.shift();
      }
      let n = 0;
      for (const c of p.values.values()) n += c;
      for (const r of key.recovery) {
        addValues(r.cs, p.jc.support, p.values);
        r.n += n;
      }
    }
    for (const [x, c] of p.values) {
      key.n += c;
      key.sum += c * x;
      key.sumsq += c * x * x;
    }
    key.levelBaseline += p.levelBaseline;
    key.levelCanary += p.levelCanary;
    key.levelN += p.levelN;
    key.lastAt = ctx.now;
    const budget = budgetOf(ctx, s.cells[p.cellKey].order);
    const logA = logMixture(key.detectors.logK);
    const thrA = anchoredLogThreshold(budget);
    const logC = logMixture(key.detectors.logR);
    const thrC = changeLogThreshold(budget, key.detectors.starts);
    key.excess = Math.max(logA - thrA, logC - thrC);
    if (!key.failed) {
      if (logA >= thrA) fail(s, key, { at: ctx.now, detector: "anchored", n: key.n, log: logA, logThreshold: thrA });
      else if (logC >= thrC) fail(s, key, { at: ctx.now, detector: "change", n: key.n, log: logC, logThreshold: thrC });
    }
  }

  // The reference of the agreement checks: every pair of the epoch.
  for (const [check, values] of everything) {
    const all = unitSums(ctx.checks.find((c) => c.check.index === check)!, values);
    addBatch((s.everything[String(check)] ??= newConfidence()), all.n, all.sx, all.sxx);
  }

  for (let i = 0; i < latencyCells.length; i++) {
    const sketches = latencyCells[i].latency;
    for (const q in sketches) {
      p2Add(sketches[q].baseline, latencyValues[2 * i]);
      p2Add(sketches[q].canary, latencyValues[2 * i + 1]);
    }
  }
}

/** A new recovery sequence starts this often after a failure, and this many are kept. */
export const RECOVERY_SPACING_MS = 60_000;
export const RECOVERY_WINDOWS = 10;

/** A failure is sticky; the evidence after it is what a recovery is judged on. */
export function fail(s: DeploymentState, key: KeyState, f: Failure): void {
  key.failed = f;
  s.failures++;
  key.recovery = [{ since: f.at, n: 0, cs: newConfidence() }];
}

function newKey(s: DeploymentState, p: Pending, ctx: StepContext): KeyState {
  const key: KeyState = {
    cell: p.cellKey,
    check: p.jc.check.index,
    n: 0,
    sum: 0,
    sumsq: 0,
    detectors: newDetectors(),
    recent: newRecent(),
    cs: newConfidence(),
    levelBaseline: 0,
    levelCanary: 0,
    levelN: 0,
    firstAt: ctx.now,
    lastAt: ctx.now,
    excess: -Infinity,
  };
  if (p.jc.baseLevel && p.jc.check.allowed_degradation.kind === "relative") key.base = newConfidence();
  s.cells[p.cellKey].keys[p.jc.check.index] = key;
  return key;
}

// The null boundary θ of one (cell, check): the largest mean degradation the policy tolerates,
// computed only from what was observed before the batch it judges (predictable).
import type { Policy } from "@/lib/policy";
import { poolAlpha, referenceAlpha, type KeyBudget } from "./budget";
import { overallExpectation, type JudgedCheck } from "./checks";
import { fromUnit, lowerBound, upperBound } from "./confidence";
import type { DeploymentState, KeyState } from "./state";

/** Peers need this many observations before their level counts toward the spread. */
export const PEER_MIN_N = 30;

export interface Boundary {
  /** For the harm tests: conservative (upper bounds of references). */
  theta: number;
  /** For "pass": conservative the other way (lower bounds of references). */
  thetaPass: number;
  reference?: { level: number; upper: number; lower: number; spread: number };
}

interface Moments {
  w: number;
  s1: number;
  s2: number;
  noise: number;
  peers: number;
}

/** Per dimension, the moments of its cells' levels for one check (cells with ≥ PEER_MIN_N observations). */
export type SpreadTable = Map<string, Moments>;

function contribution(k: KeyState | undefined): Moments | null {
  if (!k || k.n < PEER_MIN_N) return null;
  const m = k.sum / k.n;
  const v = Math.max(0, k.sumsq / k.n - m * m) * (k.n / (k.n - 1));
  return { w: k.n, s1: k.n * m, s2: k.n * m * m, noise: v, peers: 1 };
}

export function spreadTable(s: DeploymentState, jc: JudgedCheck): SpreadTable {
  const t: SpreadTable = new Map();
  for (const cellKey in s.cells) {
    const c = contribution(s.cells[cellKey].keys[jc.check.index]);
    if (!c) continue;
    const dim = cellKey.slice(0, cellKey.indexOf("\u0000"));
    const m = t.get(dim) ?? { w: 0, s1: 0, s2: 0, noise: 0, peers: 0 };
    m.w += c.w;
    m.s1 += c.s1;
    m.s2 += c.s2;
    m.noise += c.noise;
    m.peers++;
    t.set(dim, m);
  }
  return t;
}

/**
 * Spread between the levels of a cell's peers (the other values of its dimension), weighted by
 * their observations, less twice its sampling noise: sqrt(max(0, Σw(m−m̄)² − 2Σw·v/n)).
 */
export function peerSpread(table: SpreadTable, dimension: string, own: KeyState | undefined): number {
  const all = table.get(dimension);
  if (!all) return 0;
  const c = contribution(own);
  const w = all.w - (c?.w ?? 0);
  const peers = all.peers - (c ? 1 : 0);
  if (peers < 2 || !(w > 0)) return 0;
  const s1 = all.s1 - (c?.s1 ?? 0);
  const s2 = all.s2 - (c?.s2 ?? 0);
  const noise = all.noise - (c?.noise ?? 0);
  const mean = s1 / w;
  // Sampling noise inflates the spread by about Σv/W; twice that is taken off, so that a few small
  // peers cannot widen the allowance (the spread shrinks to its true size as the peers grow).
  return Math.sqrt(Math.max(0, s2 / w - mean * mean - (2 * noise) / w));
}

export function nullBoundary(
  s: DeploymentState,
  policy: Policy,
  jc: JudgedCheck,
  cellKey: string,
  key: KeyState | undefined,
  budget: KeyBudget,
  spreads: SpreadTable | undefined,
): Boundary | null {
  const a = jc.check.allowed_degradation;
  const aRef = referenceAlpha(budget);
  switch (jc.family) {
    case "quantile":
      return { theta: 0, thetaPass: 0 };
    case "rank":
      return { theta: 0.5, thetaPass: 0.5 };
    case "paired": {
      if (a.kind === "absolute" || !jc.baseLevel) return { theta: a.value, thetaPass: a.value };
      // Relative: δ × the baseline's level, bounded conservatively on each side.
      const hi = key?.base ? upperBound(key.base, aRef) : 1;
      const lo = key?.base ? lowerBound(key.base, aRef) : 0;
      return { theta: a.value * hi, thetaPass: a.value * lo };
    }
    case "agreement": {
      const dimension = cellKey.slice(0, cellKey.indexOf("\u0000"));
      const allow = (ref: number) => (a.kind === "absolute" ? a.value : a.value * ref);
      if (dimension === "") {
        const e = overallExpectation(policy, jc.check);
        if (e === null) return null;
        return { theta: e + allow(e), thetaPass: e + allow(e), reference: { level: e, upper: e, lower: e, spread: 0 } };
      }
      // The whole deployment (every pair, this cell's too): one sequence per check, so a slice's
      // comparison does not pay for a confidence sequence of its own.
      const pool = s.everything[String(jc.check.index)];
      const aPool = poolAlpha(budget);
      const level = pool && pool.n > 0 ? fromUnit(jc.support, pool.sx / pool.n) : fromUnit(jc.support, 0.5);
      const upper = pool ? fromUnit(jc.support, upperBound(pool, aPool)) : jc.support.hi;
      const lower = pool ? fromUnit(jc.support, lowerBound(pool, aPool)) : jc.support.lo;
      const spread = spreads ? policy.peer_spread * peerSpread(spreads, dimension, key) : 0;
      return { theta: upper + allow(upper) + spread, thetaPass: lower + allow(lower) + spread, reference: { level, upper, lower, spread } };
    }
  }
}

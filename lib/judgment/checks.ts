// Each sequential check of a policy as the judgment runs it: which pairs inform it, the per-pair
// degradation x (positive = canary worse) with its support, and how its null boundary θ is set.
import { checkCovers, METRIC_INFO, resolveChecks, type Policy, type ResolvedCheck } from "@/lib/policy";
import type { Range } from "./confidence";
import type { ArmsPair, PairRecord, ShadowPair } from "./records";

/**
 * paired: θ = the allowance (relative allowances scale an upper bound of the baseline's level);
 * agreement: θ = upper bound of the rest of the traffic + allowance + peer_spread × the spread
 * between peer slices (the whole deployment: a fixed expectation from the policy);
 * quantile: x = 1[canary > (1+δ)τ] − 1[baseline > τ] for τ the baseline's running quantile, θ = 0;
 * rank: x = 1[canary > (1+δ)·baseline], θ = ½ (the paired ratio's median is within 1+δ).
 */
export type Family = "paired" | "agreement" | "quantile" | "rank";

export interface Levels {
  levelBaseline: number;
  levelCanary: number;
  levelN: number;
}

const put = (into: Levels, b: number, c: number) => {
  into.levelBaseline += b;
  into.levelCanary += c;
  into.levelN++;
};

export interface JudgedCheck {
  check: ResolvedCheck;
  family: Family;
  source: "shadow" | "arms";
  support: Range;
  quantile?: number;
  /** The per-pair degradation, or null when this pair does not inform the check. tau: the cell's baseline quantile. */
  observe(r: PairRecord, tau: number | null): number | null;
  /** Paired checks with a relative allowance: the baseline's own level in [0, 1] for this pair. */
  baseLevel?(r: PairRecord): number | null;
  /** Adds this pair's levels in the metric's units (display): baseline and canary. */
  levels(r: PairRecord, into: Levels): void;
}

const shadow = (r: PairRecord): r is ShadowPair => r.kind === "shadow";
const arms = (r: PairRecord): r is ArmsPair => r.kind === "arms";
const bit = (b: boolean) => (b ? 1 : 0);
const QUANTILES: Partial<Record<string, number>> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };

export function judgedCheck(check: ResolvedCheck, policy: Policy): JudgedCheck | null {
  if (!check.sequential) return null;
  const a = check.allowed_degradation;
  const m = check.metric;
  switch (m) {
    case "task_score":
      return {
        check,
        family: "paired",
        source: "shadow",
        support: { lo: -1, hi: 1 },
        observe: (r) => (shadow(r) && r.scoreBaseline !== null && r.scoreCanary !== null ? r.scoreBaseline - r.scoreCanary : null),
        baseLevel: (r) => (shadow(r) && r.scoreBaseline !== null && r.scoreCanary !== null ? r.scoreBaseline : null),
        levels: (r, into) => {
          if (shadow(r) && r.scoreBaseline !== null && r.scoreCanary !== null) put(into, r.scoreBaseline, r.scoreCanary);
        },
      };
    case "error_rate":
      return {
        check,
        family: "paired",
        source: "arms",
        support: { lo: -1, hi: 1 },
        observe: (r) => (arms(r) ? bit(r.canary.error) - bit(r.baseline.error) : null),
        baseLevel: (r) => (arms(r) ? bit(r.baseline.error) : null),
        levels: (r, into) => {
          if (arms(r)) put(into, bit(r.baseline.error), bit(r.canary.error));
        },
      };
    case "fallback_rate": {
      const paired = check.compare === "paired";
      return {
        check,
        family: "paired",
        source: "arms",
        support: paired ? { lo: -1, hi: 1 } : { lo: 0, hi: 1 },
        observe: (r) => (arms(r) ? (paired ? bit(r.canary.fallback) - bit(r.baseline.fallback) : bit(r.canary.fallback)) : null),
        ...(paired ? { baseLevel: (r: PairRecord) => (arms(r) ? bit(r.baseline.fallback) : null) } : {}),
        levels: (r, into) => {
          if (arms(r)) put(into, bit(r.baseline.fallback), bit(r.canary.fallback));
        },
      };
    }
    case "exact_match":
      return {
        check,
        family: "agreement",
        source: "shadow",
        support: { lo: 0, hi: 1 },
        observe: (r) => (shadow(r) ? 1 - bit(r.exact) : null),
        levels: () => undefined,
      };
    case "token_agreement":
      return {
        check,
        family: "agreement",
        source: "shadow",
        support: { lo: 0, hi: 1 },
        observe: (r) => (shadow(r) ? 1 - Math.min(1, Math.max(0, r.agreement)) : null),
        levels: () => undefined,
      };
    case "kl_divergence": {
      const cap = policy.kl_cap;
      return {
        check,
        family: "agreement",
        source: "shadow",
        support: { lo: 0, hi: cap },
        observe: (r) => (shadow(r) && r.kl !== null ? Math.min(cap, Math.max(0, r.kl)) : null),
        levels: () => undefined,
      };
    }
    case "latency_p50":
    case "latency_p95":
    case "latency_p99": {
      const over = a.kind === "relative" ? (tau: number) => tau * (1 + a.value) : (tau: number) => tau + a.value;
      return {
        check,
        family: "quantile",
        source: "arms",
        quantile: QUANTILES[m],
        support: { lo: -1, hi: 1 },
        observe: (r, tau) => (arms(r) && tau !== null ? bit(r.canary.latencyMs > over(tau)) - bit(r.baseline.latencyMs > tau) : null),
        levels: () => undefined,
      };
    }
    case "latency_rank": {
      const slower = a.kind === "relative" ? (b: number, c: number) => c > b * (1 + a.value) : (b: number, c: number) => c > b + a.value;
      return {
        check,
        family: "rank",
        source: "arms",
        support: { lo: 0, hi: 1 },
        observe: (r) => (arms(r) ? bit(slower(r.baseline.latencyMs, r.canary.latencyMs)) : null),
        levels: (r, into) => {
          if (arms(r)) put(into, r.baseline.latencyMs, r.canary.latencyMs);
        },
      };
    }
    default:
      return null;
  }
}

/** The policy's sequential checks as judged checks, in policy order. */
export function judgedChecks(policy: Policy): JudgedCheck[] {
  return resolveChecks(policy)
    .map((c) => judgedCheck(c, policy))
    .filter((c): c is JudgedCheck => c !== null);
}

/** Agreement metrics' fixed expectation for the whole deployment, as a degradation x; null = none. */
export function overallExpectation(policy: Policy, check: ResolvedCheck): number | null {
  const fixed = policy.reference.overall[check.metric as "exact_match" | "token_agreement" | "kl_divergence"];
  if (fixed === undefined) return null;
  return check.metric === "kl_divergence" ? Math.min(policy.kl_cap, fixed) : 1 - fixed;
}

export const isAgreement = (c: ResolvedCheck): boolean => METRIC_INFO[c.metric].agreement;

/** Whether the check judges cells of this dimension; the whole deployment has no peers, so agreement checks need a fixed expectation there. */
export function judgesCell(jc: JudgedCheck, policy: Policy, dimension: string): boolean {
  if (dimension === "") return jc.family !== "agreement" || overallExpectation(policy, jc.check) !== null;
  return checkCovers(jc.check, dimension);
}

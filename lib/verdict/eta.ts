// Time until a check can decide, from the traffic rate observed in the window.
// Too few samples: the slower arm's (min_samples − n) / rate. Too wide: interval half-widths
// shrink like 1/√n, so the interval stops straddling δ once n grows by (h / |D − δ|)², h the
// half-width on δ's side; this
// ignores the slow log-growth of always-valid radii, so it is a lower bound for those.

export interface EtaInput {
  n: { baseline: number; canary: number };
  /** Observations per minute in the window, per side. */
  ratePerMinute: { baseline: number; canary: number };
  minSamples: number;
  degradation?: { estimate: number; lower: number; upper: number } | null;
  allowed?: number | null;
}

const MAX_ETA_S = 365 * 24 * 3600;

function secondsFor(needed: number, rate: number): number | null {
  if (needed <= 0) return 0;
  if (!(rate > 0) || !Number.isFinite(rate)) return null;
  return (needed / rate) * 60;
}

function combine(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const s = Math.max(a, b);
  return s > MAX_ETA_S ? null : Math.ceil(s);
}

/** Seconds until a decision at the current rate; null when it would not come (no traffic, or > 1 year). */
export function etaSeconds(e: EtaInput): number | null {
  const sides = ["baseline", "canary"] as const;
  if (e.n.baseline < e.minSamples || e.n.canary < e.minSamples) {
    const [b, c] = sides.map((s) => secondsFor(e.minSamples - e.n[s], e.ratePerMinute[s]));
    return combine(b, c);
  }
  if (!e.degradation || e.allowed === null || e.allowed === undefined) return null;
  // The side of the interval that must clear δ: the upper one to pass, the lower one to fail.
  const { estimate, lower, upper } = e.degradation;
  const side = estimate <= e.allowed ? upper - estimate : estimate - lower;
  const gap = Math.abs(estimate - e.allowed);
  if (!(gap > 0) || !Number.isFinite(side)) return null;
  const factor = (side / gap) ** 2;
  // A fixed reference side (n = Infinity) needs nothing more.
  const [b, c] = sides.map((s) => (Number.isFinite(e.n[s]) ? secondsFor(e.n[s] * (factor - 1), e.ratePerMinute[s]) : 0));
  return combine(b, c);
}

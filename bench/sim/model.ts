// Canary simulation: traffic from known distributions, aggregated per cell the way the
// materialized views would (request_minute with its latency histogram, shadow_minute,
// drift_minute, memory_minute), then judged continuously with the pure judge().
import { createRng, normalSampler, binomial, type Rng } from "@/lib/stats/prng";
import { judge } from "@/lib/verdict/judge";
import type { ComparisonInput, DriftRow, MemoryRow, RequestRow, SampleSet, ShadowRow } from "@/lib/verdict/data";
import { toBinned } from "@/lib/verdict/histogram-samples";
import type { Binned } from "@/lib/stats";
import type { Policy } from "@/lib/policy";

export const SLICES = ["de", "en", "es", "fr", "ja"] as const;
export const DIMENSION = "language";
/** The slice a regression is injected into. */
export const REGRESSED = "en";

export type Scenario = "aa" | "agreement" | "latency";

export interface SimConfig {
  /** Requests per second per arm, split evenly across the slices. */
  ratePerArm: number;
  /** Simulated seconds between two verdicts. */
  checkEverySeconds: number;
  /** Verdicts every 5 s until this many seconds (small-n looks are cheap and where early-look problems show). */
  denseUntilSeconds: number;
  /** Simulated seconds until a run stops without a fail. */
  horizonSeconds: number;
}

export const DEFAULT_SIM: SimConfig = { ratePerArm: 50, checkEverySeconds: 5, denseUntilSeconds: 0, horizonSeconds: 20 * 60 };

/** Ground truth of both arms (the canary's regressed slice overrides a few of these). */
export const TRUTH = {
  errorRate: 0.01,
  fallbackRate: 0.02,
  /** Lognormal latency: median ms and σ of log. */
  latencyMedianMs: 600,
  latencySigma: 0.5,
  exactMatch: 0.9,
  /** Token agreement of non-exact pairs ~ N(0.6, 0.15) clamped to [0, 1]; exact pairs are 1. */
  tokenNonExactMean: 0.6,
  tokenNonExactSd: 0.15,
  /** Task score: baseline ~ Bernoulli(0.8); the canary repeats it on exact matches, else redraws. */
  taskScore: 0.8,
  /** Drift feature input_tokens ~ lognormal(median 400, σ 0.8). */
  tokensMedian: 400,
  tokensSigma: 0.8,
  /** Memory gauge (bytes), 4 points a minute per arm. */
  memoryMean: 16e9,
  memorySd: 0.05e9,
} as const;

/** 3-point drop in exact match on the regressed slice (token agreement and KL follow). */
export const AGREEMENT_DROP = 0.03;
/** +20% p95 with the median unchanged: σ' = σ + ln(1.2)/z_0.95. */
export const P95_FACTOR = 1.2;
const Z95 = 1.6448536269514722;

interface ArmCell {
  requests: number;
  errors: number;
  fallbacks: number;
  latencySum: number;
  /** Latency histogram as the request_minute view builds it: bin → count. */
  latency: Map<number, number>;
  /** Drift bins of input_tokens. */
  bins: Map<number, number>;
  driftN: number;
}

interface ShadowCell {
  pairs: number;
  exact: number;
  aSum: number;
  aSq: number;
  klSum: number;
  klSq: number;
  sb: number;
  sc: number;
  sdSq: number;
}

const newArm = (): ArmCell => ({
  requests: 0,
  errors: 0,
  fallbacks: 0,
  latencySum: 0,
  latency: new Map(),
  bins: new Map(),
  driftN: 0,
});
const newShadow = (): ShadowCell => ({ pairs: 0, exact: 0, aSum: 0, aSq: 0, klSum: 0, klSq: 0, sb: 0, sc: 0, sdSq: 0 });

function push(a: ArmCell, ms: number): void {
  const bin = Math.min(65535, Math.floor(Math.log2(1 + ms) * 32));
  a.latency.set(bin, (a.latency.get(bin) ?? 0) + 1);
}

const driftBin = (x: number) => Math.sign(x) * Math.min(32767, Math.floor(Math.log2(1 + Math.abs(x)) * 32));

export interface RunResult {
  /** Seconds of simulated time at the first deployment-level fail, null if none. */
  deploymentFailAt: number | null;
  /** First slice-level (any slice) fail: time and the failing metric(s). */
  sliceFailAt: number | null;
  sliceFailMetrics: string[];
  /** First fail of the regressed slice (A/B) and the canary requests (all slices) by then. */
  regressedFailAt: number | null;
  regressedFailRequests: number | null;
  regressedFailMetrics: string[];
  checks: number;
}

const DENSE_STEP = 5;
function nextCheck(t: number, cfg: SimConfig): number {
  if (t < cfg.denseUntilSeconds) return t + Math.min(DENSE_STEP, cfg.checkEverySeconds);
  return t + cfg.checkEverySeconds;
}

const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);

export function runOne(scenario: Scenario, seed: number, policy: Policy, cfg: SimConfig = DEFAULT_SIM): RunResult {
  const rng: Rng = createRng(seed);
  const norm = normalSampler(rng);
  const cells = ["", ...SLICES] as const;
  const arms = { baseline: new Map<string, ArmCell>(), canary: new Map<string, ArmCell>() };
  const shadow = new Map<string, ShadowCell>();
  for (const c of cells) {
    arms.baseline.set(c, newArm());
    arms.canary.set(c, newArm());
    shadow.set(c, newShadow());
  }
  const memory: MemoryRow[] = [];
  const perSlice = cfg.ratePerArm / SLICES.length;
  const logMedian = Math.log(TRUTH.latencyMedianMs);
  const logTokens = Math.log(TRUTH.tokensMedian);
  const res: RunResult = {
    deploymentFailAt: null,
    sliceFailAt: null,
    sliceFailMetrics: [],
    regressedFailAt: null,
    regressedFailRequests: null,
    regressedFailMetrics: [],
    checks: 0,
  };
  let carry = 0;
  let lastMinute = -1;
  let prev = 0;
  for (let t = nextCheck(0, cfg); t <= cfg.horizonSeconds; t = nextCheck(t, cfg)) {
    const step = t - prev;
    prev = t;
    // Arrivals in this step: the expected count, fractional parts carried (deterministic rate).
    const want = perSlice * step + carry;
    const nStep = Math.floor(want);
    carry = want - nStep;
    for (const s of SLICES) {
      for (const arm of ["baseline", "canary"] as const) {
        const regressed = arm === "canary" && s === REGRESSED;
        const sigma = regressed && scenario === "latency" ? TRUTH.latencySigma + Math.log(P95_FACTOR) / Z95 : TRUTH.latencySigma;
        const cs = arms[arm].get(s)!;
        const co = arms[arm].get("")!;
        const e = binomial(rng, nStep, TRUTH.errorRate);
        const f = binomial(rng, nStep, TRUTH.fallbackRate);
        for (const c of [cs, co]) {
          c.requests += nStep;
          c.errors += e;
          c.fallbacks += f;
        }
        for (let i = 0; i < nStep; i++) {
          const lat = Math.exp(logMedian + sigma * norm());
          const tok = Math.round(Math.exp(logTokens + TRUTH.tokensSigma * norm()));
          const b = driftBin(tok);
          for (const c of [cs, co]) {
            c.latencySum += lat;
            push(c, lat);
            c.bins.set(b, (c.bins.get(b) ?? 0) + 1);
            c.driftN++;
          }
        }
        if (arm === "canary") {
          // Every canary request is mirrored to the baseline: one shadow pair each.
          const p = regressed && scenario === "agreement" ? TRUTH.exactMatch - AGREEMENT_DROP : TRUTH.exactMatch;
          const ss = shadow.get(s)!;
          const so = shadow.get("")!;
          for (let i = 0; i < nStep; i++) {
            const exact = rng.next() < p;
            const agree = exact ? 1 : Math.min(1, Math.max(0, TRUTH.tokenNonExactMean + TRUTH.tokenNonExactSd * norm()));
            const kl = Math.exp((exact ? -5 : -2) + norm());
            const sb = rng.next() < TRUTH.taskScore ? 1 : 0;
            const sc = exact ? sb : rng.next() < TRUTH.taskScore ? 1 : 0;
            for (const x of [ss, so]) {
              x.pairs++;
              if (exact) x.exact++;
              x.aSum += agree;
              x.aSq += agree * agree;
              x.klSum += kl;
              x.klSq += kl * kl;
              x.sb += sb;
              x.sc += sc;
              x.sdSq += (sc - sb) * (sc - sb);
            }
          }
        }
      }
    }
    // Memory gauges: 4 points a minute per arm, one memory_minute row per arm per minute.
    for (let minute = lastMinute + 1; minute <= Math.floor((t - 1) / 60); minute++) {
      lastMinute = minute;
      for (const arm of ["baseline", "canary"]) {
        let total = 0;
        let peak = -Infinity;
        for (let i = 0; i < 4; i++) {
          const v = TRUTH.memoryMean + TRUTH.memorySd * norm();
          total += v;
          peak = Math.max(peak, v);
        }
        memory.push({ arm, metric: "quantlens.memory.used", kind: "total", minute: new Date(T0 + minute * 60_000).toISOString(), n: 4, total, peak });
      }
    }

    const verdict = judge(buildInput(arms, shadow, memory, policy), {
      deployment: "sim",
      window: { from: T0, to: T0 + t * 1000 },
      policy,
      policyVersion: 0,
      now: T0 + t * 1000,
    });
    res.checks++;
    if (verdict.status === "fail" && res.deploymentFailAt === null) res.deploymentFailAt = t;
    for (const cell of verdict.cells) {
      if (cell.dimension === "" || cell.status !== "fail") continue;
      const metrics = cell.checks.filter((c) => c.status === "fail").map((c) => c.metric + (c.feature ? `:${c.feature}` : ""));
      if (res.sliceFailAt === null) {
        res.sliceFailAt = t;
        res.sliceFailMetrics = metrics;
      }
      if (cell.value === REGRESSED && res.regressedFailAt === null) {
        res.regressedFailAt = t;
        res.regressedFailRequests = arms.canary.get("")!.requests;
        res.regressedFailMetrics = metrics;
      }
    }
    // A/B: the run ends at the regressed slice's fail. A/A: once both kinds of fail were seen.
    if (scenario !== "aa" && res.regressedFailAt !== null) break;
    if (scenario === "aa" && res.deploymentFailAt !== null && res.sliceFailAt !== null) break;
  }
  return res;
}

function histogram(a: ArmCell): Binned {
  return toBinned([...a.latency.keys()], [...a.latency.values()]);
}

function buildInput(
  arms: { baseline: Map<string, ArmCell>; canary: Map<string, ArmCell> },
  shadow: Map<string, ShadowCell>,
  memory: MemoryRow[],
  policy: Policy,
): ComparisonInput {
  const requests: RequestRow[] = [];
  const drift: DriftRow[] = [];
  const samples: SampleSet[] = [];
  const shadowRows: ShadowRow[] = [];
  for (const [value, b] of arms.baseline) {
    const dimension = value === "" ? "" : DIMENSION;
    const c = arms.canary.get(value)!;
    for (const [arm, a] of [["baseline", b], ["canary", c]] as const) {
      requests.push({ dimension, value, arm, requests: a.requests, errors: a.errors, fallbacks: a.fallbacks, latency_sum: a.latencySum });
      drift.push({ dimension, value, arm, feature: "input_tokens", n: a.driftN, bins: Object.fromEntries(a.bins) });
    }
    // evaluateDeployment pulls samples only where both arms reach min_samples.
    if (Math.min(b.requests, c.requests) >= policy.min_samples) samples.push({ dimension, value, baseline: histogram(b), canary: histogram(c) });
    const s = shadow.get(value)!;
    shadowRows.push({
      dimension,
      value,
      pairs: s.pairs,
      exact_matches: s.exact,
      agreement_sum: s.aSum,
      agreement_sumsq: s.aSq,
      kl_n: s.pairs,
      kl_sum: s.klSum,
      kl_sumsq: s.klSq,
      score_n: s.pairs,
      score_baseline_sum: s.sb,
      score_canary_sum: s.sc,
      score_delta_sumsq: s.sdSq,
    });
  }
  return { requests, shadow: shadowRows, drift, memory, samples };
}

// Simulated canary traffic: request pairs from known distributions, as the feed carries them
// (one shadow pair and one arms pair per request), with slices across three dimensions.
// Healthy slices differ naturally (tasks agree differently, long contexts are slower), in both
// arms alike; a scenario then regresses one cell of the canary.
import type { PairRecord } from "@/lib/judgment/records";
import { createRng, normalSampler, type Rng } from "@/lib/stats/prng";

export const LANGUAGES = ["de", "en", "es", "fr", "ja"] as const;
export const CONTEXTS = [["short", 0.5], ["medium", 0.3], ["long", 0.2]] as const;
export const TASKS = [["chat", 0.5], ["summarize", 0.3], ["extract", 0.2]] as const;

export type Scenario = "aa" | "pair" | "pair_late" | "exact_match" | "p95";

export const SCENARIOS: Record<Scenario, string> = {
  aa: "A/A: identical arms, natural slice spread",
  pair: "(a) one pair cell (de×long, 4% of traffic) regressed from the start: fallback 13% vs 0%, KL 5×, token agreement −11 pts, task score −15 pts",
  pair_late: "(b) the same, starting 30 min into a healthy canary",
  exact_match: "(c) exact match −3 pts on 1 of 5 languages (en)",
  p95: "(d) p95 latency +20% on 1 of 5 languages (en), median unchanged",
};

/** Healthy exact-match rate by task: structured tasks agree more. */
const P_EXACT: Record<string, number> = { chat: 0.9, summarize: 0.93, extract: 0.97 };
const MEDIAN_MS: Record<string, number> = { short: 400, medium: 900, long: 2000 };
const SIGMA_COMMON = 0.4;
const SIGMA_ARM = 0.15;
/** +20% p95 with the median unchanged: the canary's total log-sd grows by ln(1.2)/z_0.95. */
const SIGMA_ARM_P95 = Math.sqrt((Math.sqrt(SIGMA_COMMON ** 2 + SIGMA_ARM ** 2) + Math.log(1.2) / 1.6448536269514722) ** 2 - SIGMA_COMMON ** 2);
export const LATE_START_S = 30 * 60;

export interface TrafficOptions {
  scenario: Scenario;
  seed: number;
  /** Requests per second. */
  rate: number;
  deployment?: string;
}

function pick<T extends readonly (readonly [string, number])[]>(rng: Rng, xs: T): T[number][0] {
  let u = rng.next();
  for (const [v, w] of xs) if ((u -= w) < 0) return v;
  return xs[xs.length - 1][0];
}

/** The regressed cell of a scenario, as the verdict names it. */
export function regressedCell(s: Scenario): { dimension: string; value: string } | null {
  if (s === "pair" || s === "pair_late") return { dimension: "context_bucket×language", value: "long×de" };
  if (s === "exact_match" || s === "p95") return { dimension: "language", value: "en" };
  return null;
}

/** Whether cell (dimension, value) holds any of the scenario's regressed traffic. */
export function holdsRegression(s: Scenario, dimension: string, value: string): boolean {
  const r = regressedCell(s);
  if (!r) return false;
  if (dimension === "") return true;
  const want: Record<string, string> = r.dimension === "language" ? { language: r.value } : { context_bucket: "long", language: "de" };
  const vals = value.split("×");
  // A cell holds regressed pairs unless it fixes one of the regressed dimensions to another value.
  return dimension.split("×").every((d, i) => !(d in want) || want[d] === vals[i]);
}

export class Traffic {
  private rng: Rng;
  private norm: (m?: number, s?: number) => number;
  private index = 0;
  /** Requests so far that fell in the regressed cell while the regression was on. */
  regressed = 0;

  constructor(private readonly o: TrafficOptions) {
    this.rng = createRng(o.seed);
    this.norm = normalSampler(this.rng);
  }

  /** The pairs of one simulated second (ts in ms). */
  second(t: number, tsMs: number): PairRecord[] {
    const out: PairRecord[] = [];
    const { rng, norm } = this;
    const deployment = this.o.deployment ?? "sim";
    for (let k = 0; k < this.o.rate; k++) {
      const i = this.index++;
      const language = LANGUAGES[Math.floor(rng.next() * LANGUAGES.length)];
      const context = pick(rng, CONTEXTS);
      const task = pick(rng, TASKS);
      const slices = { language, context_bucket: context, task };
      const sc = this.o.scenario;
      const pairHit = (sc === "pair" || (sc === "pair_late" && t >= LATE_START_S)) && language === "de" && context === "long";
      const slowHit = sc === "p95" && language === "en";
      const exactHit = sc === "exact_match" && language === "en";
      if (pairHit || slowHit || exactHit) this.regressed++;
      const id = `r${i}`;
      const z = norm();
      const median = Math.log(MEDIAN_MS[context]);
      const latB = Math.exp(median + SIGMA_COMMON * z + SIGMA_ARM * norm());
      const latC = Math.exp(median + SIGMA_COMMON * z + (slowHit ? SIGMA_ARM_P95 : SIGMA_ARM) * norm());
      const errB = rng.next() < 0.003;
      const errC = rng.next() < 0.003;
      const fbC = rng.next() < (pairHit ? 0.13 : 0.01);
      out.push({
        kind: "arms",
        deployment,
        requestId: id,
        ts: tsMs,
        slices,
        canaryManifest: "canary-1",
        baseline: { fallback: false, error: errB, latencyMs: latB },
        canary: { fallback: fbC, error: errC, latencyMs: latC },
      });
      if (errB || errC) continue;
      // Shadow comparison of the same request.
      const pExact = P_EXACT[task] - (exactHit ? 0.03 : 0) - (pairHit ? 0.12 : 0);
      const exact = rng.next() < pExact;
      const u = rng.next();
      const agreement = exact ? 1 : Math.max(0, Math.min(1, (pairHit ? 0.45 : 0.85) - 0.2 * u + 0.05 * norm()));
      const kl = (exact ? 0.002 : 0.02) * Math.exp(0.5 * norm()) * (pairHit ? 5 : 1);
      const latent = Math.min(1, Math.max(0, 0.8 + 0.09 * norm()));
      const noise = exact ? 0 : 0.02 * norm();
      out.push({
        kind: "shadow",
        deployment,
        requestId: id,
        ts: tsMs,
        slices,
        exact,
        agreement: Math.round(agreement * 1e4) / 1e4,
        kl: Math.round(kl * 1e6) / 1e6,
        scoreBaseline: Math.round(Math.min(1, Math.max(0, latent + noise)) * 1e3) / 1e3,
        scoreCanary: Math.round(Math.min(1, Math.max(0, latent - noise - (pairHit ? 0.15 + 0.05 * norm() : 0))) * 1e3) / 1e3,
      });
    }
    return out;
  }
}

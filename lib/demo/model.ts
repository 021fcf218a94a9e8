// Pure, seeded traffic model for the demo: no OTel, no clock. A request is a function of
// (seed, index, options, elapsed time), so tests and the live generator see the same traffic.
import { clamp, kumaraswamy, logUniformInt, normal, pick, streamFor, type UniformSource } from "./prng";
import { shadowTexts } from "./text";

export type Arm = "baseline" | "canary";
export type Language = "en" | "de" | "fr" | "es" | "ja";
export type ContextBucket = "short" | "medium" | "long";
export type Task = "chat" | "summarize" | "code" | "extract";
export type FallbackReason = "unsupported_op" | "overflow" | "kv_cache_pressure";

/** "on"/"off", or switched on once elapsed time / request index reaches the threshold. */
export type RegressionMode = "on" | "off" | { atMs: number } | { atIndex: number };

// de × long, the regressed cell, is 0.20 × 0.20 = 4% of the traffic: a pair cell small enough
// to hide in its single dimensions (a fifth of de, a fifth of long).
export const LANGUAGES: readonly (readonly [Language, number])[] = [
  ["en", 0.5], ["de", 0.2], ["fr", 0.1], ["es", 0.1], ["ja", 0.1],
];
export const CONTEXT_BUCKETS: readonly (readonly [ContextBucket, number])[] = [
  ["short", 0.45], ["medium", 0.35], ["long", 0.2],
];
export const TASKS: readonly (readonly [Task, number])[] = [
  ["chat", 0.5], ["summarize", 0.25], ["code", 0.15], ["extract", 0.1],
];
/** Prompt-token range per bucket: short < 1k, medium 1k-8k, long > 8k. */
export const BUCKET_TOKENS: Record<ContextBucket, readonly [number, number]> = {
  short: [40, 999], medium: [1000, 8000], long: [8001, 32000],
};
const REQUESTED_TOKENS: Record<Task, readonly (readonly [number, number])[]> = {
  chat: [[256, 0.5], [512, 0.35], [1024, 0.15]],
  summarize: [[128, 0.4], [256, 0.45], [512, 0.15]],
  code: [[512, 0.4], [1024, 0.45], [2048, 0.15]],
  extract: [[64, 0.3], [128, 0.5], [256, 0.2]],
};
const TEMPERATURE: Record<Task, readonly (readonly [number, number])[]> = {
  chat: [[0.7, 0.6], [1, 0.2], [0.3, 0.2]],
  summarize: [[0.2, 0.5], [0.3, 0.5]],
  code: [[0, 0.6], [0.2, 0.4]],
  extract: [[0, 1]],
};
/** Healthy greedy exact-match rate per task (structured tasks agree more). */
const P_EXACT: Record<Task, number> = { chat: 0.81, summarize: 0.79, code: 0.88, extract: 0.91 };

/** Static serving profile of one arm: resource manifest plus cost model constants. */
export interface ArmProfile {
  arm: Arm;
  modelName: string;
  modelVersion: string;
  quantFormat: string;
  quantMethod: string;
  groupSize?: number;
  calibrationDataset?: string;
  weightsBytes: number;
  prefillMsPerToken: number;
  /** Weight-read part of per-token decode time: what W4A16 speeds up (memory-bound). */
  decodeMsPerToken: number;
  joulesPerPromptToken: number;
  joulesPerOutputToken: number;
}

const BASELINE: ArmProfile = {
  arm: "baseline",
  modelName: "llama-3.1-8b-instruct",
  modelVersion: "llama-3.1-8b-instruct@2024-07-23",
  quantFormat: "bf16",
  quantMethod: "none",
  weightsBytes: 16.06e9, // 8.03B params x 2 bytes
  prefillMsPerToken: 0.085,
  decodeMsPerToken: 18,
  joulesPerPromptToken: 0.012,
  joulesPerOutputToken: 0.3,
};

const CANARY_W4A16: ArmProfile = {
  arm: "canary",
  modelName: "llama-3.1-8b-instruct",
  modelVersion: "llama-3.1-8b-instruct-w4a16-awq@r3",
  quantFormat: "W4A16",
  quantMethod: "awq",
  groupSize: 128,
  calibrationDataset: "c4-en-512@sha256:9f2c41e7",
  weightsBytes: 4.5e9,
  prefillMsPerToken: 0.087, // dequant makes compute-bound prefill no faster
  decodeMsPerToken: 11.3,
  joulesPerPromptToken: 0.012,
  joulesPerOutputToken: 0.2,
};

/** In A/A mode the "canary" is the baseline build served again: same everything. */
export function armProfiles(aa = false): Record<Arm, ArmProfile> {
  return { baseline: BASELINE, canary: aa ? { ...BASELINE, arm: "canary" } : CANARY_W4A16 };
}

export interface ModelOptions {
  seed: number;
  regression?: RegressionMode;
  /** A/A: canary drawn from the baseline's distributions; forces the regression off. */
  aa?: boolean;
  /** Prefix for request ids; the live runner adds a run id so reruns never collide. */
  idPrefix?: string;
}

export interface ArmResult {
  latencyMs: number;
  ttftMs: number;
  error: boolean;
  fallback: boolean;
  fallbackReason?: FallbackReason;
  inputTokens: number;
  outputTokens: number;
  energyJ: number;
}

export interface ShadowResult {
  exactMatch: boolean;
  tokenAgreement: number;
  klDivergence: number;
  scoreBaseline: number;
  scoreCanary: number;
  input: string;
  outputBaseline: string;
  outputCanary: string;
}

export interface DemoRequest {
  index: number;
  id: string;
  slices: { language: Language; context_bucket: ContextBucket; task: Task };
  input: { prompt_tokens: number; output_tokens_requested: number; temperature: number };
  baseline: ArmResult;
  canary: ArmResult;
  /** Absent when either arm errored: there is no pair of outputs to compare. */
  shadow?: ShadowResult;
  /** True when this request fell in the injected regression (de x long, regression active). */
  regressed: boolean;
}

export function regressionActive(opts: ModelOptions, index: number, elapsedMs: number): boolean {
  const r = opts.regression ?? "on";
  if (opts.aa || r === "off") return false;
  if (r === "on") return true;
  return "atMs" in r ? elapsedMs >= r.atMs : index >= r.atIndex;
}

/** Log-normal-ish service time: prefill + decode, decode slowed by KV reads on long contexts. */
function serviceMs(p: ArmProfile, promptTokens: number, outputTokens: number) {
  const prefill = 25 + promptTokens * p.prefillMsPerToken;
  const decode = outputTokens * (p.decodeMsPerToken + promptTokens * 0.00035);
  return { prefill, total: prefill + decode };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function armResult(
  rng: UniformSource,
  p: ArmProfile,
  promptTokens: number,
  outputTokens: number,
  zCommon: number,
  fallback: FallbackReason | undefined,
): ArmResult {
  // Draw everything unconditionally so both arms consume the same number of uniforms.
  const zArm = normal(rng);
  const zTtft = normal(rng);
  const queueMs = -Math.log(1 - rng()) * 30;
  const error = rng() < 0.003;
  const errFrac = 0.05 + 0.55 * rng();
  // A fallback request is re-served on the high-precision path, so it costs baseline time plus a retry.
  const prof = fallback ? BASELINE : p;
  const s = serviceMs(prof, promptTokens, outputTokens);
  let latency = s.total * Math.exp(0.25 * zCommon + 0.12 * zArm) * (fallback ? 1.1 : 1);
  let ttft = s.prefill * Math.exp(0.15 * zTtft) + queueMs;
  let out = outputTokens;
  if (error) {
    latency *= errFrac;
    out = Math.floor(outputTokens * errFrac * 0.5);
  }
  ttft = Math.min(ttft, latency * 0.95);
  const energyJ = promptTokens * prof.joulesPerPromptToken + out * prof.joulesPerOutputToken;
  return {
    latencyMs: round3(latency),
    ttftMs: round3(ttft),
    error,
    fallback: fallback !== undefined,
    ...(fallback ? { fallbackReason: fallback } : {}),
    inputTokens: promptTokens,
    outputTokens: out,
    energyJ: round3(energyJ),
  };
}

/** One request. elapsedMs only matters for a time-switched regression. */
export function generateRequest(opts: ModelOptions, index: number, elapsedMs = 0): DemoRequest {
  const rng = streamFor(opts.seed, index);
  const aa = !!opts.aa;
  const profiles = armProfiles(aa);

  const language = pick(rng, LANGUAGES);
  const context_bucket = pick(rng, CONTEXT_BUCKETS);
  const task = pick(rng, TASKS);
  const [lo, hi] = BUCKET_TOKENS[context_bucket];
  const prompt_tokens = logUniformInt(rng, lo, hi);
  const output_tokens_requested = pick(rng, REQUESTED_TOKENS[task]);
  const temperature = pick(rng, TEMPERATURE[task]);
  const outFrac = 0.25 + 0.75 * rng();
  const baseOut = Math.max(1, Math.round(output_tokens_requested * outFrac));

  const regressed = regressionActive(opts, index, elapsedMs) && language === "de" && context_bucket === "long";

  // Agreement draws (all consumed regardless of branch, to keep streams aligned across modes).
  const uExact = rng();
  const kTa = kumaraswamy(rng, 1.4, 5);
  const zTa = normal(rng);
  const zKl = normal(rng);
  const zScore = normal(rng);
  const zScoreC = normal(rng);
  const zOut = normal(rng);
  const uFallback = rng();
  const uReason = rng();

  let exactMatch: boolean;
  let tokenAgreement: number;
  let kl: number;
  let scoreBaseline: number;
  let scoreCanary: number;
  const latent = clamp(0.8 + 0.09 * zScore, 0, 1);
  if (aa) {
    // Same build twice: only batch nondeterminism; scores get symmetric noise.
    exactMatch = uExact < 0.97;
    tokenAgreement = exactMatch ? 1 : 1 - 0.04 * kTa;
    kl = exactMatch ? 0 : 0.002 * Math.exp(0.4 * zKl);
    scoreBaseline = exactMatch ? latent : clamp(latent + 0.01 * zScoreC, 0, 1);
    scoreCanary = exactMatch ? latent : clamp(latent - 0.01 * zScoreC, 0, 1);
  } else if (regressed) {
    exactMatch = uExact < 0.3;
    tokenAgreement = exactMatch ? 1 : clamp(0.43 + 0.12 * zTa, 0.05, 0.95);
    kl = 0.25 * Math.exp(0.4 * zKl);
    scoreBaseline = latent;
    scoreCanary = clamp(latent - 0.15 + 0.05 * zScoreC, 0, 1);
  } else {
    const pExact = P_EXACT[task] - (context_bucket === "long" ? 0.03 : 0);
    exactMatch = uExact < pExact;
    tokenAgreement = exactMatch ? 1 : 1 - 0.3 * kTa;
    kl = (exactMatch ? 0.008 : 0.035) * Math.exp(0.5 * zKl);
    scoreBaseline = latent;
    scoreCanary = exactMatch ? latent : clamp(latent + 0.025 * zScoreC, 0, 1);
  }

  // Canary output length: identical when outputs match, looser when they diverge.
  const canaryOut = exactMatch
    ? baseOut
    : clamp(Math.round(baseOut * (1 + (regressed ? Math.abs(0.3 * zOut) : 0.08 * zOut))), 1, output_tokens_requested);

  let fallback: FallbackReason | undefined;
  if (!aa) {
    if (regressed && uFallback < 0.25) fallback = "kv_cache_pressure";
    else if (!regressed && uFallback < 0.01) fallback = uReason < 0.6 ? "unsupported_op" : "overflow";
  }

  const zCommon = normal(rng); // shared request difficulty: arms are paired
  const baseline = armResult(rng, profiles.baseline, prompt_tokens, baseOut, zCommon, undefined);
  const canary = armResult(rng, profiles.canary, prompt_tokens, canaryOut, zCommon, fallback);

  const texts = shadowTexts(rng, language, task, prompt_tokens, exactMatch ? "same" : regressed ? "broken" : "minor");
  const shadow: ShadowResult | undefined =
    baseline.error || canary.error
      ? undefined
      : {
          exactMatch,
          tokenAgreement: Math.round(tokenAgreement * 1e4) / 1e4,
          klDivergence: Math.round(kl * 1e6) / 1e6,
          scoreBaseline: round3(scoreBaseline),
          scoreCanary: round3(scoreCanary),
          ...texts,
        };

  return {
    index,
    id: `${opts.idPrefix ?? `demo-${opts.seed}`}-${index}`,
    slices: { language, context_bucket, task },
    input: { prompt_tokens, output_tokens_requested, temperature },
    baseline,
    canary,
    ...(shadow ? { shadow } : {}),
    regressed,
  };
}

/** Deterministic batch without timers: request i is timed at i / rate seconds. */
export function generateBatch(opts: ModelOptions & { count: number; startIndex?: number; rate?: number }): DemoRequest[] {
  const rate = opts.rate ?? 20;
  const start = opts.startIndex ?? 0;
  const out: DemoRequest[] = [];
  for (let i = start; i < start + opts.count; i++) out.push(generateRequest(opts, i, (i * 1000) / rate));
  return out;
}

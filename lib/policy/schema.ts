// The guardrail document, version 2: zod schema (strict: unknown keys are errors) and its types.
// docs/policy.md states what each field means for the judgment.
import { z } from "zod";
import { METRICS, METRIC_INFO } from "./metrics";

const positive = z.number({ error: "must be a number" }).gt(0, { error: "must be > 0" });
const probability = (lo: number, hi: number) =>
  z
    .number({ error: "must be a number" })
    .gt(lo, { error: `must be in (${lo}, ${hi})` })
    .lt(hi, { error: `must be in (${lo}, ${hi})` });
const count = (min: number) => z.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(min, { error: `must be ≥ ${min}` });

export const allowedDegradationSchema = z.strictObject({
  kind: z.enum(["absolute", "relative"], { error: "must be 'absolute' or 'relative'" }),
  value: positive,
});

export const checkSchema = z.strictObject({
  metric: z.enum(METRICS, { error: `must be one of ${METRICS.join(", ")}` }),
  /** Optional: defaults to the metric's natural direction, and must equal it when given. */
  direction: z.enum(["lower_is_better", "higher_is_better"], { error: "must be 'lower_is_better' or 'higher_is_better'" }).optional(),
  allowed_degradation: allowedDegradationSchema,
  /** Whether an established failure of this check fails the deployment; default: yes for every sequential metric. */
  fails_deployment: z.boolean({ error: "must be true or false" }).optional(),
  /**
   * fallback_rate only. canary_only (default): the canary's fallback rate against the allowance,
   * because the baseline is the high-precision path and has no fallback of its own. paired: the
   * per-request difference canary − baseline, for baselines that can fall back too.
   */
  compare: z.enum(["canary_only", "paired"], { error: "must be 'canary_only' or 'paired'" }).optional(),
  /** Dimensions covered besides the whole deployment: "all" or a list ('a×b' names a pair). */
  slices: z.union([z.literal("all"), z.array(z.string().min(1, { error: "must not be empty" }))], { error: "must be \"all\" or a list of dimension names" }).default("all"),
  /** Whether pairs of dimensions are checked too (when slices is "all"): regressions often hide in a pair such as language × context length. */
  pairs: z.boolean({ error: "must be true or false" }).default(true),
  /** Memory only: which quantlens.memory.kind; default 'total' (or the sum of the kinds). */
  kind: z.string().min(1).optional(),
});

export const policySchema = z
  .strictObject({
    schema_version: z.literal(2, { error: "must be 2" }),
    name: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
    description: z.string().optional(),
    /** P(the deployment ever fails while every check's null holds) ≤ alpha, per epoch. */
    alpha: probability(0, 0.5).default(0.05),
    /** Below this many observations a check says "too few requests to say anything" (a large harm still fails it). */
    min_samples: count(1).default(20),
    /** Agreement checks: the allowance widens by this many times the spread between the peer slices. */
    peer_spread: z.number({ error: "must be a number" }).min(0, { error: "must be ≥ 0" }).default(2),
    /**
     * KL divergence (per token, nats) is winsorized here, so its mean has the bounded support the
     * tests need; a broken output past it still counts as far beyond a healthy one.
     */
    kl_cap: positive.default(0.25),
    /** Most cells judged per deployment; cells past it (by first appearance) are listed as not judged. */
    max_cells: count(1).default(2000),
    /** How an incident's failure ends: operator only, or also once the failing checks are shown within allowance on later data. */
    resolution: z
      .strictObject({
        mode: z.enum(["recovered", "operator"], { error: "must be 'recovered' or 'operator'" }).default("recovered"),
        /** Consecutive evaluations the recovery must hold. */
        min_passes: count(1).default(5),
      })
      .default({ mode: "recovered", min_passes: 5 }),
    reference: z
      .strictObject({
        /** Fixed expectations for the whole-deployment cell, which has no "rest" to compare with. */
        overall: z
          .strictObject({
            exact_match: z.number().min(0).max(1).optional(),
            token_agreement: z.number().min(0).max(1).optional(),
            kl_divergence: z.number().min(0).optional(),
          })
          .default({}),
      })
      .default({ overall: {} }),
    checks: z.array(checkSchema).min(1, { error: "must have at least one check" }),
  })
  .superRefine((p, ctx) => {
    p.checks.forEach((c, i) => {
      const meta = METRIC_INFO[c.metric];
      const at = (...path: (string | number)[]) => ["checks", i, ...path];
      if (c.direction && c.direction !== meta.direction) ctx.addIssue({ code: "custom", path: at("direction"), message: `${c.metric} is ${meta.direction}` });
      const a = c.allowed_degradation;
      if (a.kind === "relative" && !meta.relativeAllowed) {
        ctx.addIssue({ code: "custom", path: at("allowed_degradation", "kind"), message: `${c.metric} has no baseline level; use absolute` });
      }
      if (meta.unitInterval && a.value >= 1) {
        ctx.addIssue({
          code: "custom",
          path: at("allowed_degradation", "value"),
          message: `must be < 1 for a rate (${a.kind === "relative" ? "a relative drop of 100% allows anything" : "rates differ by at most 1"})`,
        });
      }
      if (meta.overallOnly && Array.isArray(c.slices) && c.slices.length > 0) ctx.addIssue({ code: "custom", path: at("slices"), message: `${c.metric} is deployment-level only; use []` });
      if (c.kind !== undefined && !c.metric.startsWith("memory_")) ctx.addIssue({ code: "custom", path: at("kind"), message: "only memory checks take a kind" });
      if (c.fails_deployment === true && !meta.sequential) {
        ctx.addIssue({ code: "custom", path: at("fails_deployment"), message: `${c.metric} is advisory: it has no anytime-valid test, so it cannot fail a deployment` });
      }
      if (c.compare !== undefined && c.metric !== "fallback_rate") ctx.addIssue({ code: "custom", path: at("compare"), message: "only fallback_rate takes compare" });
      if (c.metric === "fallback_rate" && (c.compare ?? "canary_only") === "canary_only" && a.kind === "relative") {
        ctx.addIssue({ code: "custom", path: at("allowed_degradation", "kind"), message: "canary_only compares with no baseline rate; use absolute, or compare: paired" });
      }
    });
  });

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type Check = z.output<typeof checkSchema>;

// The version-1 guardrail document, read only to upgrade stored policies to version 2 (parse.ts).
import { z } from "zod";
import { METRICS, METRIC_INFO } from "./metrics";

const positive = z.number({ error: "must be a number" }).gt(0, { error: "must be > 0" });
const probability = (lo: number, hi: number) =>
  z
    .number({ error: "must be a number" })
    .gt(lo, { error: `must be in (${lo}, ${hi})` })
    .lt(hi, { error: `must be in (${lo}, ${hi})` });
const minSamples = z.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be ≥ 1" });

const allowedDegradationSchema = z.strictObject({
  kind: z.enum(["absolute", "relative"], { error: "must be 'absolute' or 'relative'" }),
  value: positive,
});

const checkSchemaV1 = z.strictObject({
  metric: z.enum(METRICS, { error: `must be one of ${METRICS.join(", ")}` }),
  /** Optional: defaults to the metric's natural direction, and must equal it when given. */
  direction: z.enum(["lower_is_better", "higher_is_better"], { error: "must be 'lower_is_better' or 'higher_is_better'" }).optional(),
  allowed_degradation: allowedDegradationSchema,
  /** Per arm (per side for agreement metrics); defaults to the policy's min_samples. */
  min_samples: minSamples.optional(),
  /** Level of the two-sided interval; defaults to 1 − alpha. */
  confidence: probability(0.5, 1).optional(),
  critical: z.boolean({ error: "must be true or false" }).default(false),
  weight: z.number({ error: "must be a number" }).min(0, { error: "must be ≥ 0" }).default(1),
  /** Dimensions covered besides the whole deployment: "all" or a list ('a×b' names a pair). */
  slices: z.union([z.literal("all"), z.array(z.string().min(1, { error: "must not be empty" }))], { error: "must be \"all\" or a list of dimension names" }).default("all"),
  /** Whether pairs of dimensions are checked too (when slices is "all"): regressions often hide in a pair such as language × context length. */
  pairs: z.boolean({ error: "must be true or false" }).default(true),
  /** Memory only: which quantlens.memory.kind; default 'total' (or the sum of the kinds). */
  kind: z.string().min(1).optional(),
});

export const policySchemaV1 = z
  .strictObject({
    schema_version: z.literal(1, { error: "must be 1 or 2" }).default(1),
    name: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }),
    description: z.string().optional(),
    alpha: probability(0, 0.5).default(0.05),
    sequential: z.boolean({ error: "must be true or false" }).default(true),
    min_samples: minSamples.default(200),
    /**
     * With shadow traffic both arms serve the same requests, so a cell's arm counts should match.
     * Below this ratio (smaller / larger) the per-arm comparisons of that cell wait: data is still
     * arriving, or the arms served different requests. 0 turns it off (partial mirroring).
     */
    arm_balance: z.number({ error: "must be a number" }).min(0, { error: "must be in [0, 1)" }).lt(1, { error: "must be in [0, 1)" }).default(0.8),
    score: z
      .strictObject({
        pass: z.number().min(0, { error: "must be in [0, 1]" }).max(1, { error: "must be in [0, 1]" }),
        marginal: z.number().min(0, { error: "must be in [0, 1]" }).max(1, { error: "must be in [0, 1]" }),
      })
      .default({ pass: 0.85, marginal: 0.6 }),
    fdr: z
      .strictObject({
        enabled: z.boolean().default(true),
        q: probability(0, 1).default(0.05),
      })
      .default({ enabled: true, q: 0.05 }),
    reference: z
      .strictObject({
        /** Slices are compared with the rest of the deployment's shadow traffic. */
        mode: z.literal("leave_one_out").default("leave_one_out"),
        /** Fixed expectations for the whole-deployment cell, which has no "rest". */
        overall: z
          .strictObject({
            exact_match: z.number().min(0).max(1).optional(),
            token_agreement: z.number().min(0).max(1).optional(),
            kl_divergence: z.number().min(0).optional(),
          })
          .default({}),
      })
      .default({ mode: "leave_one_out", overall: {} }),
    checks: z.array(checkSchemaV1).min(1, { error: "must have at least one check" }),
  })
  .superRefine((p, ctx) => {
    if (p.score.pass < p.score.marginal) {
      ctx.addIssue({ code: "custom", path: ["score", "pass"], message: `must be ≥ score.marginal (${p.score.marginal})` });
    }
    p.checks.forEach((c, i) => {
      const meta = METRIC_INFO[c.metric];
      if (c.direction && c.direction !== meta.direction) {
        ctx.addIssue({ code: "custom", path: ["checks", i, "direction"], message: `${c.metric} is ${meta.direction}` });
      }
      const a = c.allowed_degradation;
      if (a.kind === "relative" && !meta.relativeAllowed) {
        ctx.addIssue({ code: "custom", path: ["checks", i, "allowed_degradation", "kind"], message: `${c.metric} has no baseline level; use absolute` });
      }
      if (meta.unitInterval && a.value >= 1) {
        ctx.addIssue({
          code: "custom",
          path: ["checks", i, "allowed_degradation", "value"],
          message: `must be < 1 for a rate (${a.kind === "relative" ? "a relative drop of 100% allows anything" : "rates differ by at most 1"})`,
        });
      }
      if (meta.overallOnly && Array.isArray(c.slices) && c.slices.length > 0) {
        ctx.addIssue({ code: "custom", path: ["checks", i, "slices"], message: `${c.metric} is deployment-level only; use []` });
      }
      if (c.kind !== undefined && !c.metric.startsWith("memory_")) {
        ctx.addIssue({ code: "custom", path: ["checks", i, "kind"], message: "only memory checks take a kind" });
      }
    });
  });

export type PolicyV1 = z.output<typeof policySchemaV1>;

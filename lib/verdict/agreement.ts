// exact_match, token_agreement, kl_divergence: per-pair canary-vs-baseline measures with no
// baseline counterpart. A slice is compared with the rest of the traffic (overall minus the
// slice: leave-one-out), the whole deployment with the policy's fixed reference if any.
import { allowedAbsolute, fromEvidence, orientation, unavailable, type MetricContext } from "./comparison";
import type { ShadowRow } from "./data";
import { constantGroup, differenceEvidence, meanGroup, proportionGroup, type Group } from "./evidence";
import type { MetricComparison } from "./types";

export type AgreementMetric = "exact_match" | "token_agreement" | "kl_divergence";

function group(metric: AgreementMetric, s: ShadowRow): Group {
  if (metric === "exact_match") return proportionGroup(s.exact_matches, s.pairs);
  if (metric === "token_agreement") return meanGroup(s.pairs, s.agreement_sum, s.agreement_sumsq);
  return meanGroup(s.kl_n, s.kl_sum, s.kl_sumsq);
}

/** Overall minus the slice, clamped at 0 against rounding in the float sums. */
export function leaveOneOut(overall: ShadowRow, slice: ShadowRow): ShadowRow {
  const d = (a: number, b: number) => Math.max(0, a - b);
  return {
    dimension: "",
    value: "",
    pairs: d(overall.pairs, slice.pairs),
    exact_matches: d(overall.exact_matches, slice.exact_matches),
    agreement_sum: d(overall.agreement_sum, slice.agreement_sum),
    agreement_sumsq: d(overall.agreement_sumsq, slice.agreement_sumsq),
    kl_n: d(overall.kl_n, slice.kl_n),
    kl_sum: d(overall.kl_sum, slice.kl_sum),
    kl_sumsq: d(overall.kl_sumsq, slice.kl_sumsq),
    score_n: d(overall.score_n, slice.score_n),
    score_baseline_sum: d(overall.score_baseline_sum, slice.score_baseline_sum),
    score_canary_sum: d(overall.score_canary_sum, slice.score_canary_sum),
    score_delta_sumsq: d(overall.score_delta_sumsq, slice.score_delta_sumsq),
  };
}

export function compareAgreement(
  metric: AgreementMetric,
  slice: ShadowRow | undefined,
  reference: { rest: ShadowRow } | { fixed: number } | null,
  ctx: MetricContext,
): MetricComparison {
  const unit = metric === "kl_divergence" ? "nats" : "ratio";
  const sliceN = slice ? (metric === "kl_divergence" ? slice.kl_n : slice.pairs) : 0;
  if (!reference) {
    return unavailable(metric, unit, `no reference for the whole deployment (set reference.overall.${metric})`, { baseline: 0, canary: sliceN });
  }
  const ref = "fixed" in reference ? constantGroup(reference.fixed) : group(metric, reference.rest);
  const refN = "fixed" in reference ? Infinity : ref.n;
  const n = { baseline: refN, canary: sliceN };
  if (!slice || sliceN === 0) return unavailable(metric, unit, "no shadow pairs in this cell", n);
  if (refN === 0) return unavailable(metric, unit, "no shadow pairs outside this cell to compare with", n);
  const cur = group(metric, slice);
  const sign = orientation(ctx.check);
  const allowed = allowedAbsolute(ctx.check, ref.mean);
  const [a, b] = sign === 1 ? [cur, ref] : [ref, cur];
  const ev = differenceEvidence(a, b, { confidence: ctx.check.confidence, sequential: ctx.sequential, allowed });
  return fromEvidence(metric, unit, { baseline: ref.mean, canary: cur.mean }, ev, allowed, sign, n);
}

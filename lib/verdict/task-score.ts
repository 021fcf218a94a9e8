// task_score: paired canary − baseline score on the same shadow input, from sufficient statistics.
import { allowedAbsolute, fromEvidence, unavailable, type MetricContext } from "./comparison";
import type { ShadowRow } from "./data";
import { constantGroup, differenceEvidence } from "./evidence";
import type { MetricComparison } from "./types";

export function compareTaskScore(s: ShadowRow | undefined, ctx: MetricContext): MetricComparison {
  const n = s?.score_n ?? 0;
  const counts = { baseline: n, canary: n };
  if (!s || n === 0) return unavailable("task_score", "score", "no scored shadow pairs", counts);
  const base = s.score_baseline_sum / n;
  const can = s.score_canary_sum / n;
  const meanDelta = can - base;
  const variance = n > 1 ? Math.max(0, (s.score_delta_sumsq - n * meanDelta * meanDelta) / (n - 1)) : 0;
  const allowed = allowedAbsolute(ctx.check, base);
  // Degradation = baseline − canary = −(paired delta): one group of differences against 0.
  const ev = differenceEvidence({ n, mean: -meanDelta, variance }, constantGroup(0), {
    confidence: ctx.check.confidence,
    sequential: ctx.sequential,
    allowed,
  });
  return fromEvidence("task_score", "score", { baseline: base, canary: can }, ev, allowed, -1, counts);
}

// error_rate and fallback_rate: two independent binomial arms from request_minute.
import { newcombeDifference } from "@/lib/stats";
import { allowedAbsolute, fromEvidence, unavailable, type MetricContext } from "./comparison";
import type { RequestRow } from "./data";
import { differenceEvidence, proportionGroup } from "./evidence";
import type { MetricComparison } from "./types";

export function compareRate(
  metric: "error_rate" | "fallback_rate",
  arms: { baseline?: RequestRow; canary?: RequestRow },
  ctx: MetricContext,
): MetricComparison {
  const nb = arms.baseline?.requests ?? 0;
  const nc = arms.canary?.requests ?? 0;
  const n = { baseline: nb, canary: nc };
  if (nb === 0 || nc === 0) return unavailable(metric, "ratio", `no ${nb === 0 ? "baseline" : "canary"} traffic`, n);
  const pick = (r: RequestRow) => (metric === "error_rate" ? r.errors : r.fallbacks);
  const xb = pick(arms.baseline!);
  const xc = pick(arms.canary!);
  const allowed = allowedAbsolute(ctx.check, xb / nb);
  const fixed = newcombeDifference(xc, nc, xb, nb, { confLevel: ctx.check.confidence });
  const ev = differenceEvidence(proportionGroup(xc, nc), proportionGroup(xb, nb), {
    confidence: ctx.check.confidence,
    sequential: ctx.sequential,
    allowed,
    fixedInterval: fixed,
  });
  return fromEvidence(metric, "ratio", { baseline: xb / nb, canary: xc / nc }, ev, allowed, 1, n);
}

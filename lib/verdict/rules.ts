// The decision rule for one comparison. D = degradation (positive = canary worse), [L, U] its
// interval at the check's confidence, δ the allowance:
//   n < min_samples on either side, or no usable data  → insufficient_data
//   U ≤ δ                       → pass      (the whole interval is inside the allowance)
//   L > δ and BH keeps it        → fail      (the whole interval is beyond the allowance)
//   L > δ but BH does not        → marginal
//   0 < L ≤ δ < U, estimate > δ  → marginal  (a real degradation, probably beyond δ)
//   L ≤ δ < U otherwise          → insufficient_data (not yet shown to be within δ)
// A real but small degradation (a quantized canary's usual fallback rate, say) is therefore
// not flagged; it passes once the interval is inside δ.
// A wide interval can therefore never pass.
import type { MetricComparison, Status } from "./types";

export type Why = "samples" | "unavailable" | "within" | "beyond" | "not_significant" | "straddles" | "too_wide";

export interface Decision {
  status: Status;
  why: Why;
}

export function decide(c: MetricComparison, minSamples: number, fdr: { adjustedP: number | null; q: number } | null): Decision {
  if (c.unavailable || !c.degradation || c.allowed === null) return { status: "insufficient_data", why: "unavailable" };
  if (c.n.baseline < minSamples || c.n.canary < minSamples) return { status: "insufficient_data", why: "samples" };
  const { lower, upper } = c.degradation;
  const allowed = c.allowed;
  if (Number.isNaN(lower) || Number.isNaN(upper)) return { status: "insufficient_data", why: "unavailable" };
  if (upper <= allowed) return { status: "pass", why: "within" };
  if (lower > allowed) {
    if (fdr && !(fdr.adjustedP !== null && fdr.adjustedP <= fdr.q)) return { status: "marginal", why: "not_significant" };
    return { status: "fail", why: "beyond" };
  }
  if (lower > 0 && c.degradation.estimate > allowed) return { status: "marginal", why: "straddles" };
  return { status: "insufficient_data", why: "too_wide" };
}

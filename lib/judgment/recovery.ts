// The policy's recovery rule for an open incident: every failing check that fails the
// deployment is shown within its allowance on data after its failure alone. Confidence
// sequences start every minute after the failure (the newest ten are kept, so a regression that
// lasted a while does not weigh on the recovery for ever); a check has recovered when one of them
// holds min_samples observations and an upper bound, at level α/10 each, within its allowance.
// An epoch without failures recovers only once the whole deployment passes.
import { nullBoundary, spreadTable } from "./boundary";
import { fromUnit, upperBound } from "./confidence";
import { budgetOf, RECOVERY_WINDOWS, type StepContext } from "./step";
import { allKeys, type DeploymentState } from "./state";
import type { Summary } from "./verdict";

export function recovered(s: DeploymentState, ctx: StepContext, summary: Summary): boolean {
  if (s.failures === 0) return summary.status === "pass";
  const failed = [...allKeys(s)].filter((k) => k.failed && ctx.checks.find((c) => c.check.index === k.check)?.check.failsDeployment);
  if (failed.length === 0) return summary.status === "pass";
  return failed.every((k) => {
    const jc = ctx.checks.find((c) => c.check.index === k.check)!;
    if (!k.recovery) return false;
    const b = nullBoundary(s, ctx.policy, jc, k.cell, k, budgetOf(ctx, s.cells[k.cell].order), jc.family === "agreement" ? spreadTable(s, jc) : undefined);
    if (!b) return false;
    const alpha = ctx.policy.alpha / RECOVERY_WINDOWS;
    return k.recovery.some((r) => r.n >= ctx.policy.min_samples && fromUnit(jc.support, upperBound(r.cs, alpha)) <= b.thetaPass);
  });
}

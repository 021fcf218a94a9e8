// Cell and deployment roll-up. Cell: any fail → fail, any marginal → marginal, any critical check
// undecided or nothing decided → insufficient_data, else pass. Cell score: weighted mean of the
// non-critical decided checks (pass 1, marginal ½, fail 0), only once at least half of the
// non-critical weight is decided (one early marginal must not speak for the whole cell).
// Deployment: a critical fail in any cell fails it; otherwise the worst cell's score against the
// policy thresholds — a score-based fail also needs a non-critical check that actually failed,
// else it is marginal — capped at marginal by any critical marginal, and a pass needs every
// critical check decided in the whole-deployment cell (else insufficient_data).
import type { Policy } from "@/lib/policy";
import type { CellVerdict, CheckResult, Status } from "./types";

const POINTS: Partial<Record<Status, number>> = { pass: 1, marginal: 0.5, fail: 0 };

export function cellScore(checks: CheckResult[]): number | null {
  let w = 0;
  let s = 0;
  let all = 0;
  for (const c of checks) {
    if (c.critical || c.weight <= 0) continue;
    all += c.weight;
    const p = POINTS[c.status];
    if (p === undefined) continue;
    w += c.weight;
    s += c.weight * p;
  }
  return w > 0 && w >= all / 2 ? s / w : null;
}

export function cellStatus(checks: CheckResult[]): Status {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "marginal")) return "marginal";
  const decided = checks.filter((c) => c.status === "pass");
  if (decided.length === 0 || checks.some((c) => c.critical && c.status === "insufficient_data")) return "insufficient_data";
  return "pass";
}

export interface DeploymentRollup {
  status: Status;
  score: number | null;
  worst: CellVerdict | null;
  criticalFail: { cell: CellVerdict; check: CheckResult } | null;
}

export function rollup(cells: CellVerdict[], policy: Policy): DeploymentRollup {
  let criticalFail: DeploymentRollup["criticalFail"] = null;
  for (const cell of cells) {
    for (const check of cell.checks) {
      if (check.critical && check.status === "fail") {
        // Keep the strongest evidence as the headline.
        if (!criticalFail || (check.adjustedPValue ?? 1) < (criticalFail.check.adjustedPValue ?? 1)) criticalFail = { cell, check };
      }
    }
  }
  const scored = cells.filter((c) => c.score !== null);
  const worstScored = scored.reduce<CellVerdict | null>((w, c) => (w === null || c.score! < w.score! ? c : w), null);
  const score = worstScored?.score ?? null;
  if (criticalFail) return { status: "fail", score, worst: criticalFail.cell, criticalFail };

  const overall = cells.find((c) => c.dimension === "");
  const criticalUndecided = overall ? overall.checks.some((c) => c.critical && c.status === "insufficient_data") : true;
  const criticalMarginal = cells.some((c) => c.checks.some((k) => k.critical && k.status === "marginal"));
  const anyCriticalDecided = cells.some((c) => c.checks.some((k) => k.critical && (k.status === "pass" || k.status === "marginal")));

  let status: Status;
  if (score === null) status = criticalMarginal ? "marginal" : anyCriticalDecided && !criticalUndecided ? "pass" : "insufficient_data";
  else status = score >= policy.score.pass ? "pass" : score >= policy.score.marginal ? "marginal" : "fail";
  if (status === "fail" && !cells.some((c) => c.checks.some((k) => !k.critical && k.status === "fail"))) status = "marginal";
  if (status === "pass" && criticalMarginal) status = "marginal";
  if (status === "pass" && criticalUndecided) status = "insufficient_data";
  const worst = worstCellOf(cells) ?? worstScored;
  return { status, score, worst, criticalFail: null };
}

const RANK: Record<Status, number> = { fail: 0, marginal: 1, insufficient_data: 2, pass: 3 };

function worstCellOf(cells: CellVerdict[]): CellVerdict | null {
  let worst: CellVerdict | null = null;
  for (const c of cells) {
    if (c.status === "pass" || c.status === "insufficient_data") continue;
    if (!worst || RANK[c.status] < RANK[worst.status] || (RANK[c.status] === RANK[worst.status] && (c.score ?? 1) < (worst.score ?? 1))) worst = c;
  }
  return worst;
}

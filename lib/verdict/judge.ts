// Policy + comparison data → Verdict. Pure: no I/O, deterministic for a given input and `now`.
import { bhAdjust } from "@/lib/stats";
import { checkCovers, resolveChecks, type Policy, type ResolvedCheck } from "@/lib/policy";
import { buildCells, type Cell } from "./cells";
import { compareCheck } from "./compare";
import type { ComparisonInput } from "./data";
import { etaSeconds } from "./eta";
import { formatReason } from "./format";
import { decide } from "./rules";
import { cellScore, cellStatus, rollup } from "./score";
import type { CellVerdict, CheckResult, CheckSummary, MetricComparison, Status, Verdict } from "./types";

export interface JudgeOptions {
  deployment: string;
  /** Epoch ms, [from, to). */
  window: { from: number; to: number };
  policy: Policy;
  policyVersion: number;
  now?: number;
}

interface Item {
  cell: number;
  check: ResolvedCheck;
  cmp: MetricComparison;
  adjustedP: number | null;
}

// −0 would not survive a JSON round trip unchanged.
const nz = <T extends number | null>(v: T): T => (v === 0 ? (0 as T) : v);

const eligible = (i: Item) => !i.cmp.unavailable && i.cmp.degradation !== null && i.cmp.n.baseline >= i.check.min_samples && i.cmp.n.canary >= i.check.min_samples;

/** BH across the cells (and features) of each check, on the p-values against "D ≤ allowed". */
function adjust(items: Item[]): void {
  const byCheck = new Map<number, Item[]>();
  for (const it of items) if (eligible(it)) byCheck.set(it.check.index, [...(byCheck.get(it.check.index) ?? []), it]);
  for (const group of byCheck.values()) {
    const adj = bhAdjust(group.map((g) => g.cmp.pValue));
    group.forEach((g, i) => (g.adjustedP = adj[i]));
  }
}

function toResult(it: Item, policy: Policy, minutes: number): CheckResult {
  const { cmp, check } = it;
  const fdr = policy.fdr.enabled ? { adjustedP: it.adjustedP, q: policy.fdr.q } : null;
  const d = decide(cmp, check.min_samples, fdr);
  let eta: number | null | undefined;
  if (d.status === "insufficient_data") {
    const rate = (n: number) => (Number.isFinite(n) ? n / minutes : Infinity);
    eta = etaSeconds({
      n: cmp.n,
      ratePerMinute: { baseline: rate(cmp.n.baseline), canary: rate(cmp.n.canary) },
      minSamples: check.min_samples,
      degradation: cmp.degradation,
      allowed: cmp.allowed,
    });
  }
  const s = check.direction === "lower_is_better" ? 1 : -1;
  const deg = cmp.degradation;
  const result: CheckResult = {
    metric: cmp.metric,
    check: check.index,
    ...(cmp.feature ? { feature: cmp.feature } : {}),
    status: d.status,
    critical: check.critical,
    weight: check.weight,
    baseline: cmp.baseline,
    canary: cmp.canary,
    delta: nz(cmp.delta),
    interval: deg ? (s === 1 ? { lower: nz(deg.lower), upper: nz(deg.upper) } : { lower: nz(-deg.upper), upper: nz(-deg.lower) }) : null,
    allowed: cmp.allowed === null ? null : nz(s * cmp.allowed),
    pValue: cmp.degradation ? cmp.pValue : null,
    adjustedPValue: it.adjustedP,
    n: cmp.n,
    reason: formatReason(cmp, check, d, { adjustedP: it.adjustedP, q: fdr?.q ?? null, etaSeconds: eta }),
  };
  if (eta !== undefined) result.etaSeconds = eta;
  return result;
}

function summarize(checks: ResolvedCheck[], cells: CellVerdict[]): CheckSummary[] {
  return checks.map((check) => {
    const counts: Record<Status, number> = { pass: 0, marginal: 0, fail: 0, insufficient_data: 0 };
    for (const c of cells) for (const r of c.checks) if (r.check === check.index) counts[r.status]++;
    const status: Status = counts.fail ? "fail" : counts.marginal ? "marginal" : counts.pass ? (counts.insufficient_data ? "insufficient_data" : "pass") : "insufficient_data";
    return { check: check.index, metric: check.metric, critical: check.critical, status, counts };
  });
}

const cellName = (c: { dimension: string; value: string }) => (c.dimension === "" ? "the whole deployment" : `${c.dimension}=${c.value}`);

export function judge(input: ComparisonInput, o: JudgeOptions): Verdict {
  const { policy } = o;
  const checks = resolveChecks(policy);
  const cells: Cell[] = buildCells(input, policy.min_samples);
  const overall = cells.find((c) => c.dimension === "");
  const dep = { policy, overallShadow: overall?.shadow, memory: input.memory };
  const items: Item[] = [];
  cells.forEach((cell, ci) => {
    for (const check of checks) {
      if (!checkCovers(check, cell.dimension)) continue;
      for (const cmp of compareCheck(cell, check, dep)) items.push({ cell: ci, check, cmp, adjustedP: null });
    }
  });
  adjust(items);
  const minutes = Math.max(1, (o.window.to - o.window.from) / 60_000);
  const cellVerdicts: CellVerdict[] = cells.map((cell, ci) => {
    const results = items.filter((i) => i.cell === ci).map((i) => toResult(i, policy, minutes));
    return {
      dimension: cell.dimension,
      value: cell.value,
      n: { baseline: cell.requests.baseline?.requests ?? 0, canary: cell.requests.canary?.requests ?? 0 },
      status: cellStatus(results),
      score: cellScore(results),
      checks: results,
    };
  });
  // Cells no check covers (e.g. pairs when no check opts in) would only add noise.
  const covered = cellVerdicts.filter((c) => c.checks.length > 0);
  const r = rollup(covered, policy);
  let reason: string;
  if (r.criticalFail) reason = `critical ${r.criticalFail.check.metric} fails in ${cellName(r.criticalFail.cell)}: ${r.criticalFail.check.reason}`;
  else if (r.status === "insufficient_data") {
    const waiting = overall ? cellVerdicts[cells.indexOf(overall)]?.checks.find((c) => c.critical && c.status === "insufficient_data") : undefined;
    reason = waiting ? `waiting for critical ${waiting.metric}: ${waiting.reason}` : "not enough data to judge any check";
  } else {
    const worst = r.worst;
    const score = r.score === null ? "n/a" : r.score.toFixed(2);
    const detail = worst?.checks.find((c) => c.status === "fail") ?? worst?.checks.find((c) => c.status === "marginal");
    reason = `score ${score} (pass ≥ ${policy.score.pass}, marginal ≥ ${policy.score.marginal})` + (worst && detail ? `; worst: ${cellName(worst)}: ${detail.reason}` : "");
  }
  return {
    deployment: o.deployment,
    window: { from: new Date(o.window.from).toISOString(), to: new Date(o.window.to).toISOString() },
    policy: { name: policy.name, version: o.policyVersion },
    status: r.status,
    score: r.score,
    reason,
    worstCell: r.worst ? { dimension: r.worst.dimension, value: r.worst.value, status: r.worst.status, score: r.worst.score } : null,
    checks: summarize(checks, covered),
    cells: covered,
    evaluatedAt: new Date(o.now ?? Date.now()).toISOString(),
  };
}

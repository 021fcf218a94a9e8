// Reading an incident's stored evidence (JSON written by the evaluator) defensively.
import type { Verdict } from "@/lib/judgment/types";
import type { FailingCheck } from "@/lib/webhooks/payload";

type VerdictEvidence = Pick<Verdict, "status" | "reason" | "worstCell" | "policy" | "epoch" | "evaluatedAt">;

export interface IncidentEvidence {
  verdict?: VerdictEvidence;
  failing: FailingCheck[];
  resolution?: { why: string; at: string; by?: string; verdict?: VerdictEvidence };
  resolveRequested?: { by: string; at: string; reason?: string };
}

export function parseEvidence(raw: unknown): IncidentEvidence {
  let v: unknown = raw;
  if (typeof raw === "string") {
    try {
      v = JSON.parse(raw || "{}");
    } catch {
      v = {};
    }
  }
  const o = (typeof v === "object" && v !== null ? v : {}) as { verdict?: VerdictEvidence; failing?: unknown; resolution?: IncidentEvidence["resolution"]; resolve_requested?: IncidentEvidence["resolveRequested"] };
  return {
    verdict: o.verdict && typeof o.verdict === "object" ? o.verdict : undefined,
    failing: Array.isArray(o.failing) ? (o.failing as FailingCheck[]) : [],
    resolution: o.resolution,
    resolveRequested: o.resolve_requested,
  };
}

/** Failing cells: the verdict's worst cell first, then by how many checks fail there, deeper cells first. */
export function failingCells(failing: FailingCheck[], worst: { dimension: string; value: string } | null): { dimension: string; value: string; checks: FailingCheck[] }[] {
  const by = new Map<string, { dimension: string; value: string; checks: FailingCheck[] }>();
  for (const f of failing) {
    const k = `${f.dimension}\u0000${f.value}`;
    const e = by.get(k) ?? { dimension: f.dimension, value: f.value, checks: [] };
    e.checks.push(f);
    by.set(k, e);
  }
  const isWorst = (c: { dimension: string; value: string }) => (worst && c.dimension === worst.dimension && c.value === worst.value ? 1 : 0);
  return [...by.values()].sort((a, b) => isWorst(b) - isWorst(a) || b.checks.length - a.checks.length || b.dimension.split("×").length - a.dimension.split("×").length);
}

// Reading an incident's stored evidence (JSON written by the evaluator) defensively.
import type { FailingCheck } from "@/lib/webhooks/payload";

export interface Evidence {
  verdict?: { status?: string; reason?: string; policy?: { name?: string; version?: number } };
  failing: FailingCheck[];
}

export function parseEvidence(raw: unknown): Evidence {
  let v: unknown = raw;
  if (typeof raw === "string") {
    try {
      v = JSON.parse(raw || "{}");
    } catch {
      v = {};
    }
  }
  const o = (typeof v === "object" && v !== null ? v : {}) as { verdict?: Evidence["verdict"]; failing?: unknown };
  return { verdict: o.verdict, failing: Array.isArray(o.failing) ? (o.failing as FailingCheck[]) : [] };
}

/** Failing cells, most critical failures first, as "dimension=value" labels. */
export function failingCells(failing: FailingCheck[]): { dimension: string; value: string; checks: FailingCheck[]; critical: number }[] {
  const by = new Map<string, { dimension: string; value: string; checks: FailingCheck[]; critical: number }>();
  for (const f of failing) {
    const k = `${f.dimension}\u0000${f.value}`;
    const e = by.get(k) ?? { dimension: f.dimension, value: f.value, checks: [], critical: 0 };
    e.checks.push(f);
    if (f.critical) e.critical++;
    by.set(k, e);
  }
  return [...by.values()].sort((a, b) => b.critical - a.critical || b.checks.length - a.checks.length || b.dimension.split("×").length - a.dimension.split("×").length);
}

/** The verdict's worst cell as its reason names it ("fails in d=v: …" or "worst: d=v: …"). */
export function worstFromReason(reason: string): { dimension: string; value: string } | null {
  const m = reason.match(/(?:fails in|worst:) ([^=:\s]+)=(.+?): /);
  return m ? { dimension: m[1], value: m[2] } : null;
}

/** Failing cells with the named worst cell first. */
export function rankCells(failing: FailingCheck[], worst: { dimension: string; value: string } | null) {
  const cells = failingCells(failing);
  if (!worst) return cells;
  const i = cells.findIndex((c) => c.dimension === worst.dimension && c.value === worst.value);
  return i > 0 ? [cells[i], ...cells.slice(0, i), ...cells.slice(i + 1)] : cells;
}

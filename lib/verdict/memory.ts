// memory_peak / memory_steady: deployment-level gauges of quantlens.memory.used per arm.
// Peak is an observed maximum: no sampling interval, so it is compared as is. Steady is the mean
// of per-minute means, with minutes as the observations (gauge points within a minute are correlated).
import { allowedAbsolute, fromEvidence, unavailable, type MetricContext } from "./comparison";
import type { MemoryRow } from "./data";
import { differenceEvidence, meanGroup } from "./evidence";
import type { MetricComparison } from "./types";

export const MEMORY_METRIC = "quantlens.memory.used";

interface ArmMemory {
  points: number;
  peak: number;
  minuteMeans: number[];
}

/** Rows of one kind, or (no 'total' reported) the kinds summed per minute; peaks summed is a bound. */
function armSeries(rows: MemoryRow[], arm: string, kind: string | undefined): ArmMemory | null {
  const mine = rows.filter((r) => r.arm === arm && r.metric === MEMORY_METRIC);
  const kinds = new Set(mine.map((r) => r.kind));
  const want = kind ?? (kinds.has("total") ? "total" : null);
  const used = want === null ? mine : mine.filter((r) => r.kind === want);
  if (used.length === 0) return null;
  const byMinute = new Map<string, { mean: number; peak: number; n: number }>();
  for (const r of used) {
    const m = byMinute.get(r.minute) ?? { mean: 0, peak: 0, n: 0 };
    m.mean += r.n > 0 ? r.total / r.n : 0;
    m.peak += r.peak;
    m.n += r.n;
    byMinute.set(r.minute, m);
  }
  const minutes = [...byMinute.values()];
  return {
    points: minutes.reduce((s, m) => s + m.n, 0),
    peak: Math.max(...minutes.map((m) => m.peak)),
    minuteMeans: minutes.map((m) => m.mean),
  };
}

export function compareMemory(metric: "memory_peak" | "memory_steady", rows: MemoryRow[], ctx: MetricContext): MetricComparison {
  const kind = ctx.check.kind;
  const b = armSeries(rows, "baseline", kind);
  const c = armSeries(rows, "canary", kind);
  const n = { baseline: b?.points ?? 0, canary: c?.points ?? 0 };
  const extra = kind ? { feature: kind } : {};
  if (!b || !c) return unavailable(metric, "bytes", `no memory gauges from the ${!b ? "baseline" : "canary"} arm`, n, extra);
  if (metric === "memory_peak") {
    const d = c.peak - b.peak;
    const allowed = allowedAbsolute(ctx.check, b.peak);
    return {
      metric,
      ...extra,
      baseline: b.peak,
      canary: c.peak,
      delta: d,
      degradation: { estimate: d, lower: d, upper: d },
      allowed,
      pValue: d > allowed ? 0 : 1,
      n,
      method: "observed maximum",
      unit: "bytes",
    };
  }
  if (b.minuteMeans.length < 2 || c.minuteMeans.length < 2) {
    return unavailable(metric, "bytes", "steady memory needs at least 2 minutes of gauges per arm", n, extra);
  }
  const stats = (xs: number[]) => meanGroup(xs.length, xs.reduce((s, v) => s + v, 0), xs.reduce((s, v) => s + v * v, 0));
  const gb = stats(b.minuteMeans);
  const gc = stats(c.minuteMeans);
  const allowed = allowedAbsolute(ctx.check, gb.mean);
  const ev = differenceEvidence(gc, gb, { confidence: ctx.check.confidence, sequential: ctx.sequential, allowed });
  return { ...fromEvidence(metric, "bytes", { baseline: gb.mean, canary: gc.mean }, ev, allowed, 1, n), ...extra };
}

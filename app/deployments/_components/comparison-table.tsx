// The canary-vs-baseline table: one row per cell of the persisted verdict, every metric marked
// with its check's status (levels over the verdict's epoch); each mark opens its evidence in place.
import Link from "next/link";
import type { Metric } from "@/lib/policy";
import { cellLabel, slicePath, type ComparisonRow, type MetricView } from "@/lib/view/comparison";
import { bytes, count, ms, pct, pts, relChange } from "@/lib/view/format";
import type { DecisionTime } from "@/lib/view/decision-time";
import { evidenceOf } from "@/lib/view/evidence";
import { StatusBadge, StatusMark } from "@/app/_components/status";
import { Term } from "@/app/_components/term";
import { EvidenceRow, type CellFace } from "./evidence-row";

type Kind = "latency" | "rate" | "agreement" | "kl" | "score" | "memory" | "psi";

const COLUMNS: { metric: Metric; label: string; kind: Kind }[] = [
  { metric: "latency_p50", label: "p50", kind: "latency" }, // falls back to the median (latency_rank) check
  { metric: "latency_p95", label: "p95", kind: "latency" },
  { metric: "latency_p99", label: "p99", kind: "latency" },
  { metric: "exact_match", label: "exact match", kind: "agreement" },
  { metric: "token_agreement", label: "token agr.", kind: "agreement" },
  { metric: "kl_divergence", label: "KL", kind: "kl" },
  { metric: "task_score", label: "task score Δ", kind: "score" },
  { metric: "fallback_rate", label: "fallback", kind: "rate" },
  { metric: "error_rate", label: "errors", kind: "rate" },
  { metric: "drift_psi", label: "drift (PSI)", kind: "psi" },
];

/** A cell's face, rounded as the check's reason text rounds (pts to 2 decimals, KL to 4, GiB to 2). */
function face(v: MetricView, kind: Kind): { main: string; sub: string } {
  const diff = v.canary !== null && v.baseline !== null ? v.canary - v.baseline : null;
  switch (kind) {
    case "latency":
      return { main: ms(v.canary), sub: `${ms(v.baseline)} ${relChange(v.canary, v.baseline)}` };
    case "rate":
      return { main: pct(v.canary, 2), sub: `${pct(v.baseline, 2)} ${pts(diff, 2)}` };
    case "agreement":
      return { main: pct(v.canary, 2), sub: `${pct(v.baseline, 2)} ${pts(diff, 2)}` };
    case "kl":
      return { main: v.canary === null ? "–" : v.canary.toFixed(4), sub: `${v.baseline === null ? "–" : v.baseline.toFixed(4)} ${relChange(v.canary, v.baseline)}` };
    case "score":
      // Degradation = baseline − canary, so the canary's change is its negative.
      return { main: pts(v.degradation ? -v.degradation.estimate : null, 2), sub: v.degradation ? `bound ${pts(-v.degradation.upper, 2)}` : "no pairs" };
    case "memory":
      return { main: bytes(v.canary), sub: `${bytes(v.baseline)} ${relChange(v.canary, v.baseline)}` };
    case "psi":
      return { main: v.canary === null ? "–" : v.canary.toFixed(3), sub: v.feature ?? "" };
  }
}

function Row({ row, deployment, query, time, pinned }: { row: ComparisonRow; deployment: string; query: string; time: DecisionTime; pinned?: boolean }) {
  const cells = COLUMNS.map((c): CellFace | null => {
    const v = row.metrics[c.metric] ?? (c.metric === "latency_p50" ? row.metrics.latency_rank : undefined);
    return v ? { metric: v.metric, label: c.label, status: v.status, ...face(v, c.kind), ...(v.feature ? { feature: v.feature } : {}), evidence: evidenceOf(v, time) } : null;
  });
  const lead = (
    <>
      <th scope="row" className="max-w-[14rem] whitespace-nowrap px-2 py-1.5 text-left align-top font-medium">
        {pinned ? (
          <span>{cellLabel(row)}</span>
        ) : (
          <Link href={`${slicePath(deployment, row.dimension, row.value)}${query}`} title={row.value} className="block truncate text-blue-700 underline-offset-2 hover:underline" data-testid="slice-link">
            {row.value}
          </Link>
        )}
      </th>
      <td className="whitespace-nowrap px-1.5 py-1.5 align-top"><StatusBadge status={row.status} size="sm" /></td>
      {/* The header names the two numbers (request pairs over shadow pairs), in the order the evidence's sentence uses. */}
      <td className="whitespace-nowrap px-1.5 py-1.5 text-right align-top tabular-nums" data-testid="cell-n">
        <div>{count(row.n.arms)}</div>
        <div className="text-[11px] text-slate-500">{count(row.n.shadow)}</div>
      </td>
    </>
  );
  return (
    <EvidenceRow
      lead={lead}
      cells={cells}
      colSpan={COLUMNS.length + 3}
      rowProps={{
        "data-testid": pinned ? "overall-row" : "slice-row",
        "data-value": row.value,
        "data-status": row.status,
        className: `border-t border-slate-100 ${pinned ? "bg-slate-50" : "hover:bg-slate-50"}`,
      }}
    />
  );
}

/** `time`: whether the time to a decision may show (lib/view/decision-time: live range, traffic flowing). */
export function ComparisonTable({ overall, slices, deployment, query, dimension, time }: { overall: ComparisonRow | null; slices: ComparisonRow[]; deployment: string; query: string; dimension: string; time: DecisionTime }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-[13px]" data-testid="comparison-table" data-dimension={dimension}>
        <caption className="sr-only">Canary vs baseline per {dimension} slice, worst first</caption>
        <thead className="bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th className="px-2 py-2">{dimension || "cell"}</th>
            <th className="px-1.5 py-2">verdict</th>
            <th className="px-1.5 py-2 text-right" title="request pairs (both arms served one request id) over shadow pairs (shadow comparisons)">
              n req.
              <span className="block text-[10px] font-normal text-slate-500">shadow</span>
            </th>
            {COLUMNS.map((c) => (
              <th key={c.metric} className="px-1 py-2">
                {c.kind === "psi" ? <Term term="psi">{c.label}</Term> : c.label}
                {/* The line under an agreement value is the rest of the traffic's, not the baseline's. */}
                {(c.kind === "agreement" || c.kind === "kl") && <span className="block text-[10px] font-normal text-slate-500">vs rest</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overall && <Row row={overall} deployment={deployment} query={query} time={time} pinned />}
          {slices.map((r) => (
            <Row key={r.value} row={r} deployment={deployment} query={query} time={time} />
          ))}
          {slices.length === 0 && (
            <tr><td colSpan={COLUMNS.length + 3} className="px-2 py-4 text-center text-sm text-slate-500" data-testid="no-slices">No {dimension} cells in the verdict yet: no request pairs of this dimension have been judged.</td></tr>
          )}
        </tbody>
      </table>
      {overall?.metrics.memory_peak && <MemoryLine v={overall.metrics.memory_peak} />}
    </div>
  );
}

/** Memory is reported per arm, not per slice: one line under the table rather than a column of dashes. */
function MemoryLine({ v }: { v: MetricView }) {
  const f = face(v, "memory");
  return (
    <p className="flex flex-wrap items-center gap-x-2 border-t border-slate-100 px-2 py-1.5 text-xs text-slate-600" data-testid="memory-line" data-metric={v.metric} data-status={v.status}>
      <StatusMark status={v.status} title={v.reason.text} />
      <span className="font-medium text-slate-800">peak memory, whole deployment:</span>
      <span className="tabular-nums">canary {f.main} · baseline {f.sub}</span>
      <span className="min-w-0 truncate" title={v.reason.text}>{v.reason.text}</span>
    </p>
  );
}

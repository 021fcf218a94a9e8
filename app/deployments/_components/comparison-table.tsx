// The canary-vs-baseline table: one row per cell of the persisted verdict, every metric marked
// with its check's status (levels over the verdict's epoch).
import Link from "next/link";
import type { Metric } from "@/lib/policy";
import { cellLabel, slicePath, type ComparisonRow, type MetricView } from "@/lib/view/comparison";
import { bytes, count, ms, pct, pts, relChange } from "@/lib/view/format";
import { StatusBadge, StatusMark } from "@/app/_components/status";

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
  { metric: "memory_peak", label: "peak memory", kind: "memory" },
  { metric: "drift_psi", label: "drift (PSI)", kind: "psi" },
];

function MetricCell({ v, kind }: { v: MetricView | undefined; kind: Kind }) {
  if (!v) return <td className="px-2 py-1.5 text-center text-slate-400" title="no check covers this cell">–</td>;
  let main = "";
  let sub = "";
  switch (kind) {
    case "latency":
      main = ms(v.canary);
      sub = `${ms(v.baseline)} ${relChange(v.canary, v.baseline)}`;
      break;
    case "rate":
      main = pct(v.canary, 2);
      sub = `${pct(v.baseline, 2)} ${pts(v.canary !== null && v.baseline !== null ? v.canary - v.baseline : null)}`;
      break;
    case "agreement":
      main = pct(v.canary);
      sub = `${pct(v.baseline)} ${pts(v.canary !== null && v.baseline !== null ? v.canary - v.baseline : null)}`;
      break;
    case "kl":
      main = v.canary === null ? "–" : v.canary.toFixed(4);
      sub = `${v.baseline === null ? "–" : v.baseline.toFixed(4)} ${relChange(v.canary, v.baseline)}`;
      break;
    case "score":
      // Degradation = baseline − canary, so the canary's change is its negative.
      main = pts(v.degradation ? -v.degradation.estimate : null);
      sub = v.degradation ? `bound ${pts(-v.degradation.upper)}` : "no pairs";
      break;
    case "memory":
      main = bytes(v.canary);
      sub = `${bytes(v.baseline)} ${relChange(v.canary, v.baseline)}`;
      break;
    case "psi":
      main = v.canary === null ? "–" : v.canary.toFixed(3);
      sub = v.feature ?? "";
      break;
  }
  return (
    <td className="whitespace-nowrap px-1 py-1.5 align-top" title={v.reason.text} data-metric={v.metric} data-status={v.status}>
      <div className="flex items-center gap-1.5">
        <StatusMark status={v.status} title={v.reason.text} />
        <span className="font-medium tabular-nums">{main}</span>
      </div>
      <div className="text-[11px] leading-tight text-slate-500 tabular-nums">{sub}</div>
    </td>
  );
}

function Row({ row, deployment, query, pinned }: { row: ComparisonRow; deployment: string; query: string; pinned?: boolean }) {
  return (
    <tr
      data-testid={pinned ? "overall-row" : "slice-row"}
      data-value={row.value}
      data-status={row.status}
      className={`border-t border-slate-100 ${pinned ? "bg-slate-50" : "hover:bg-slate-50"}`}
    >
      <th scope="row" className="max-w-[14rem] whitespace-nowrap px-2 py-1.5 text-left align-top font-medium">
        {pinned ? (
          <span>{cellLabel(row)}</span>
        ) : (
          <Link href={`${slicePath(deployment, row.dimension, row.value)}${query}`} title={row.value} className="block truncate text-blue-700 underline-offset-2 hover:underline" data-testid="slice-link">
            {row.value}
          </Link>
        )}
      </th>
      <td className="whitespace-nowrap px-2 py-1.5 align-top"><StatusBadge status={row.status} size="sm" /></td>
      <td className="whitespace-nowrap px-2 py-1.5 text-right align-top tabular-nums">
        <div>{count(row.n.arms)}</div>
        <div className="text-[11px] text-slate-500">shadow {count(row.n.shadow)}</div>
      </td>
      {COLUMNS.map((c) => (
        <MetricCell key={c.metric} v={row.metrics[c.metric] ?? (c.metric === "latency_p50" ? row.metrics.latency_rank : undefined)} kind={c.kind} />
      ))}
    </tr>
  );
}

export function ComparisonTable({ overall, slices, deployment, query, dimension }: { overall: ComparisonRow | null; slices: ComparisonRow[]; deployment: string; query: string; dimension: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="comparison-table" data-dimension={dimension}>
        <caption className="sr-only">Canary vs baseline per {dimension} slice, worst first</caption>
        <thead className="bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th className="px-2 py-2">{dimension || "cell"}</th>
            <th className="px-2 py-2">verdict</th>
            <th className="px-2 py-2 text-right">n pairs</th>
            {COLUMNS.map((c) => (
              <th key={c.metric} className="px-1 py-2">
                {c.label}
                {/* The line under an agreement value is the rest of the traffic's, not the baseline's. */}
                {(c.kind === "agreement" || c.kind === "kl") && <span className="block text-[10px] font-normal text-slate-500">vs rest</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overall && <Row row={overall} deployment={deployment} query={query} pinned />}
          {slices.map((r) => (
            <Row key={r.value} row={r} deployment={deployment} query={query} />
          ))}
          {slices.length === 0 && (
            <tr><td colSpan={COLUMNS.length + 3} className="px-2 py-4 text-center text-sm text-slate-500" data-testid="no-slices">No {dimension} cells in the verdict yet: no request pairs of this dimension have been judged.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

// Verdict statuses as shape + word + colour (never colour alone); a blue/orange palette that
// colour-blind readers can tell apart, and the shapes ✓ ✕ ! ? carry the meaning on their own.
import type { Status } from "@/lib/judgment/types";
import { STATUS_ICON, STATUS_WORD } from "@/lib/view/status";

export { STATUS_ICON, STATUS_RANK, STATUS_WORD } from "@/lib/view/status";

const STATUS_CLASS: Record<Status, string> = {
  pass: "border-blue-300 bg-blue-50 text-blue-900",
  fail: "border-orange-400 bg-orange-100 text-orange-900",
  marginal: "border-yellow-400 bg-yellow-50 text-yellow-900",
  inconclusive: "border-slate-400 bg-white text-slate-800",
  insufficient_data: "border-slate-300 bg-slate-100 text-slate-700",
};

export function StatusBadge({ status, testId, size = "md" }: { status: Status; testId?: string; size?: "sm" | "md" }) {
  const pad = size === "sm" ? "px-1.5 py-0 text-xs" : "px-2 py-0.5 text-sm";
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded border font-medium ${pad} ${STATUS_CLASS[status]}`}
      data-testid={testId}
      data-status={status}
    >
      <span aria-hidden className="font-bold">{STATUS_ICON[status]}</span>
      {STATUS_WORD[status]}
    </span>
  );
}

/** A compact mark for table cells: the icon, with the word for screen readers and on hover. */
export function StatusMark({ status, title }: { status: Status; title?: string }) {
  const label = STATUS_WORD[status];
  return (
    <span
      role="img"
      aria-label={label}
      title={title ? `${label}: ${title}` : label}
      data-status={status}
      className={`inline-flex h-4 w-4 shrink-0 items-center justify-center rounded-sm border text-[10px] font-bold leading-none ${STATUS_CLASS[status]}`}
    >
      {STATUS_ICON[status]}
    </span>
  );
}

export function StatusLegend() {
  return (
    <p className="flex flex-wrap gap-3 text-xs text-slate-600" aria-label="legend">
      {(["fail", "marginal", "inconclusive", "insufficient_data", "pass"] as Status[]).map((s) => (
        <span key={s} className="flex items-center gap-1"><StatusMark status={s} /> {STATUS_WORD[s]}</span>
      ))}
    </p>
  );
}

/** The status's border, background and text colours, for surfaces such as heatmap cells (always with the icon or word too). */
export const statusClass = (status: Status): string => STATUS_CLASS[status];

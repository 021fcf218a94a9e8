// Every check of one cell with its evidence: the verdict's own reason, the e-values against
// their thresholds, and (when undecided) the estimate of how long a decision takes.
import type { CheckVerdict } from "@/lib/judgment/types";
import { formatE } from "@/lib/judgment/reason";
import { StatusBadge, STATUS_RANK } from "@/app/_components/status";

export function ChecksList({ checks }: { checks: CheckVerdict[] }) {
  const sorted = [...checks].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.check - b.check);
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="checks">
      {sorted.map((c, i) => (
        <li key={`${c.check}-${c.feature ?? ""}-${i}`} className="flex flex-wrap items-start gap-3 px-3 py-2" data-testid="check" data-metric={c.metric} data-status={c.status}>
          <span className="w-36 shrink-0"><StatusBadge status={c.status} size="sm" /></span>
          <span className="w-44 shrink-0 font-medium">
            {c.metric}
            {c.feature && <span className="font-normal text-slate-500"> · {c.feature}</span>}
            {!c.failsDeployment && <span className="ml-1 rounded border border-slate-300 px-1 text-[10px] uppercase text-slate-500">advisory</span>}
          </span>
          <span className="min-w-0 flex-1 text-slate-700">
            {c.reason.text}
            {c.evidence && (
              <span className="block text-xs text-slate-500">
                n {c.n.toLocaleString("en")} · anchored e {formatE(c.evidence.anchored.log)} / {formatE(c.evidence.anchored.logThreshold)} · change e {formatE(c.evidence.change.log)} / {formatE(c.evidence.change.logThreshold)}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

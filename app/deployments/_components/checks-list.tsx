// Every check of one cell with its evidence in place: the verdict's own reason, and a disclosure
// (keyboard and touch) with the interval, the e-values against their thresholds, n, the
// allowance and, only for a live range with traffic flowing, the time to a decision.
import type { CheckVerdict } from "@/lib/judgment/types";
import type { DecisionTime } from "@/lib/view/decision-time";
import { evidenceOf } from "@/lib/view/evidence";
import { StatusBadge, STATUS_RANK } from "@/app/_components/status";
import { EvidencePanel } from "./evidence-panel";

export function ChecksList({ checks, time }: { checks: CheckVerdict[]; time: DecisionTime }) {
  const sorted = [...checks].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.check - b.check);
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="checks" data-eta-shown={time.show}>
      {sorted.map((c, i) => {
        const v = evidenceOf(c, time);
        return (
          <li key={`${c.check}-${c.feature ?? ""}-${i}`} className="flex flex-wrap items-start gap-3 px-3 py-2" data-testid="check" data-metric={c.metric} data-status={c.status}>
            <span className="w-36 shrink-0"><StatusBadge status={c.status} size="sm" /></span>
            <span className="w-44 shrink-0 font-medium">
              {c.metric}
              {c.feature && <span className="font-normal text-slate-500"> · {c.feature}</span>}
              {!c.failsDeployment && <span className="ml-1 rounded border border-slate-300 px-1 text-[10px] uppercase text-slate-500">advisory</span>}
            </span>
            <details className="min-w-0 flex-1 text-slate-700" data-testid="check-evidence">
              <summary className="cursor-pointer rounded marker:text-slate-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500" data-testid="evidence-toggle">
                <span data-testid="check-reason">{v.reason}</span>
                <span className="ml-2 whitespace-nowrap text-xs text-blue-700">evidence</span>
              </summary>
              <div className="mt-2 rounded border border-slate-200 bg-slate-50 p-2">
                <EvidencePanel v={{ ...v, reason: "" }} metric={c.metric} feature={c.feature} />
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

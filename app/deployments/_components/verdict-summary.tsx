// The deployment's verdict line: badge (icon + word), reason, worst cell, policy and window.
import Link from "next/link";
import type { Verdict } from "@/lib/verdict/types";
import { cellLabel, slicePath } from "@/lib/ui/comparison";
import { StatusBadge } from "@/lib/ui/status";

export function VerdictSummary({ verdict, query, windowLabel }: { verdict: Verdict; query: string; windowLabel: string }) {
  const w = verdict.worstCell;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="verdict">
      <div className="flex flex-wrap items-center gap-3">
        <StatusBadge status={verdict.status} testId="verdict" />
        {verdict.score !== null && <span className="text-sm text-slate-600">score {verdict.score.toFixed(2)}</span>}
        {w && (
          <span className="text-sm" data-testid="worst-slice">
            worst cell:{" "}
            {w.dimension === "" ? (
              <span className="font-medium">{cellLabel(w)}</span>
            ) : (
              <Link className="font-medium text-blue-700 hover:underline" href={`${slicePath(verdict.deployment, w.dimension, w.value)}${query}`}>{cellLabel(w)}</Link>
            )}{" "}
            <StatusBadge status={w.status} size="sm" />
          </span>
        )}
        <span className="ml-auto text-xs text-slate-600" data-testid="policy">
          policy{" "}
          <Link className="font-medium text-blue-700 hover:underline" href={`/policies?deployment=${encodeURIComponent(verdict.deployment)}`}>
            {verdict.policy.name} v{verdict.policy.version}
          </Link>
          {verdict.policy.version === 0 && " (built-in default)"} · {windowLabel}
        </span>
      </div>
      <p className="mt-2 text-sm text-slate-700" data-testid="verdict-reason">{verdict.reason}</p>
    </section>
  );
}

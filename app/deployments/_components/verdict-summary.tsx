// The deployment's verdict line: badge (icon + word), since when, the worst cell and its
// metric, the reason, the policy and the epoch the evidence is judged over.
import Link from "next/link";
import type { Verdict } from "@/lib/judgment/types";
import { cellLabel, slicePath } from "@/lib/view/comparison";
import { StatusBadge } from "@/app/_components/status";
import { Time } from "@/app/_components/time";

const EPOCH_REASON: Record<Verdict["epoch"]["reason"], string> = {
  canary_start: "the canary's first pairs",
  policy_change: "a policy change",
  manifest_change: "a new canary build",
  operator_reset: "an operator's reset",
  recovered: "a recovery",
};

export function VerdictSummary({ verdict, query }: { verdict: Verdict; query: string }) {
  const w = verdict.worstCell;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="verdict" data-testid="verdict-summary" data-evaluated-at={verdict.evaluatedAt}>
      <div className="flex flex-wrap items-center gap-3">
        <StatusBadge status={verdict.status} testId="verdict" />
        <span className="text-sm text-slate-600" data-testid="verdict-since">since <Time at={verdict.since} /></span>
        {w && (
          <span className="text-sm" data-testid="worst-slice" data-cell={`${w.dimension}=${w.value}`}>
            worst cell:{" "}
            {w.dimension === "" ? (
              <span className="font-medium">{cellLabel(w)}</span>
            ) : (
              <Link className="font-medium text-blue-700 hover:underline" href={`${slicePath(verdict.deployment, w.dimension, w.value)}${query}`}>{cellLabel(w)}</Link>
            )}
            {w.metric && <span className="text-slate-600"> · {w.metric}</span>} <StatusBadge status={w.status} size="sm" />
          </span>
        )}
        <span className="ml-auto text-xs text-slate-600" data-testid="policy">
          policy{" "}
          <Link className="font-medium text-blue-700 hover:underline" href={`/policies?deployment=${encodeURIComponent(verdict.deployment)}`}>
            {verdict.policy.name || "default"} v{verdict.policy.version}
          </Link>
          {verdict.policy.version === 0 && " (built-in default)"} · evidence since <Time at={verdict.epoch.startedAt} /> ({EPOCH_REASON[verdict.epoch.reason]}) · evaluated <Time at={verdict.evaluatedAt} />
        </span>
      </div>
      <p className="mt-2 text-sm text-slate-700" data-testid="verdict-reason" data-code={verdict.reason.code}>{verdict.reason.text}</p>
    </section>
  );
}

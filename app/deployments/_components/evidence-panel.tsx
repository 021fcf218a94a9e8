// One check's evidence, listed in place (no hover): the always-valid interval of its
// degradation, the e-values against their thresholds, n, the allowance, the time to a decision.
import type { Metric } from "@/lib/policy";
import type { EvidenceView } from "@/lib/view/evidence";
import { Term } from "@/app/_components/term";

const DETECTOR = { anchored: "anchored e-process", change: "change detector", "e-bh": "e-BH at the first failure" } as const;

function Row({ term, testId, children }: { term: React.ReactNode; testId: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="whitespace-nowrap text-slate-500">{term}</dt>
      <dd className="min-w-0 tabular-nums text-slate-800" data-testid={testId}>{children}</dd>
    </>
  );
}

export function EvidencePanel({ v, metric, feature }: { v: EvidenceView; metric: Metric; feature?: string }) {
  return (
    <div className="space-y-2 text-xs" data-testid="evidence-panel" data-metric={metric}>
      {v.reason && <p className="text-slate-700" data-testid="evidence-reason">{v.reason}</p>}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {v.interval && (
          <Row term={<Term term="always-valid">always-valid interval</Term>} testId="evidence-interval">
            {v.interval} <span className="text-slate-500">(mean {v.estimate}; degradation, positive = canary worse)</span>
          </Row>
        )}
        {!v.interval && v.estimate && (
          <Row term={metric === "drift_psi" ? <Term term="psi">PSI above its no-drift level</Term> : "difference"} testId="evidence-estimate">
            {v.estimate}
            {feature && <span className="text-slate-500"> · {feature}</span>}
          </Row>
        )}
        {v.evalues.map((e) => (
          <Row key={e.detector} term={<><Term term="e-value">e-value</Term> <span>({e.detector}, now)</span></>} testId="evidence-evalue">
            {e.e} <span className="text-slate-500">{e.reached ? "≥" : "of"} threshold</span> {e.threshold}
            {e.reached && <span className="ml-1 font-medium text-orange-800">reached</span>}
          </Row>
        ))}
        <Row term="n" testId="evidence-n">
          {v.n} <span className="text-slate-500">{v.nUnit}</span>
        </Row>
        {v.allowance && (
          <Row term={<Term term="allowance">allowance</Term>} testId="evidence-allowance">
            {v.allowance}
            {v.reference && <span className="block text-slate-500">{v.reference}</span>}
          </Row>
        )}
        {v.failed && (
          <Row term="failed" testId="evidence-failed">
            {v.failed.at}, {DETECTOR[v.failed.detector]} after {v.failed.n}
            {v.failed.detector === "e-bh" && <> (<Term term="fdr">FDR</Term>-controlled listing)</>}
          </Row>
        )}
        {v.eta && (
          <Row term="time to a decision" testId="evidence-eta">
            {v.eta}
          </Row>
        )}
      </dl>
    </div>
  );
}

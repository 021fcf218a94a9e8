// The worst shadow disagreements of a cell: input and both outputs side by side, as plain text
// (React text nodes only; outputs are untrusted model text).
import type { Disagreement } from "@/server/services/telemetry";
import { pct } from "@/lib/view/format";
import { Time } from "@/app/_components/time";

/** Shown expanded; the rest sit behind a disclosure. */
const OPEN = 5;

function Text({ label, text }: { label: string; text: string }) {
  return (
    <div className="min-w-0">
      <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{label}</p>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-900">{text || "(not captured)"}</pre>
    </div>
  );
}

export function Disagreements({ rows }: { rows: Disagreement[] }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600" data-testid="no-disagreements">
        No shadow comparisons for this slice in the window. Texts appear when the shadow path sets quantlens.shadow.input and quantlens.shadow.output.*.
      </p>
    );
  }
  const item = (r: Disagreement, i: number) => (
    <li key={`${r.request_id}-${i}`} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="disagreement" data-request-id={r.request_id}>
      <p className="flex flex-wrap gap-x-4 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{r.exact_match ? "= exact match" : "≠ outputs differ"}</span>
        <span>token agreement {pct(r.token_agreement)}</span>
        {r.kl_divergence !== null && <span>KL {Number(r.kl_divergence).toFixed(3)}</span>}
        {r.score_baseline !== null && r.score_canary !== null && (
          <span>score {Number(r.score_baseline).toFixed(2)} → {Number(r.score_canary).toFixed(2)}</span>
        )}
        <span className="font-mono">{r.request_id}</span>
        <Time at={r.time} />
      </p>
      <div className="mt-2 grid gap-3 lg:grid-cols-3">
        <Text label="input" text={r.input} />
        <Text label="baseline output" text={r.output_baseline} />
        <Text label="canary output" text={r.output_canary} />
      </div>
    </li>
  );
  const shown = rows.slice(0, OPEN);
  const more = rows.slice(OPEN);
  return (
    <div className="space-y-3">
      <ol className="space-y-3">{shown.map(item)}</ol>
      {more.length > 0 && (
        <details className="rounded-lg border border-slate-200 bg-white p-2">
          <summary className="cursor-pointer text-sm text-slate-700">{more.length} more disagreements</summary>
          <ol className="mt-2 space-y-3">{more.map((r, i) => item(r, i + OPEN))}</ol>
        </details>
      )}
    </div>
  );
}

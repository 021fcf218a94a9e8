// A cell's shadow comparisons, worst first (task-score drop, then KL, then token agreement), 20
// a page, filtered by check: input and both outputs side by side with the words the canary
// removed and inserted marked. Outputs are untrusted model text: React text nodes only.
import Link from "next/link";
import type { DisagreementRows, Disagreement } from "@/server/services/telemetry";
import { CHECK_FILTERS, CHECKS, disagreementHref, MAX_PAGE, SCAN, type DisagreementQuery } from "@/lib/view/disagreement-query";
import { count, pct } from "@/lib/view/format";
import { side, wordDiff, type Segment } from "@/lib/text/word-diff";
import type { SearchParams } from "@/lib/view/range";
import { CopyText } from "./copy-text";
import { Time } from "@/app/_components/time";

/** Shown expanded; the rest of the page sits behind a disclosure. */
const OPEN = 5;

function Marked({ segments }: { segments: Segment[] }) {
  return segments.map((s, i) =>
    s.op === "del" ? (
      <del key={i} className="rounded-sm bg-orange-100 text-orange-900 decoration-orange-500" data-testid="diff-del">{s.text}</del>
    ) : s.op === "ins" ? (
      <ins key={i} className="rounded-sm bg-blue-100 text-blue-900 no-underline" data-testid="diff-ins">{s.text}</ins>
    ) : (
      s.text
    ),
  );
}

function Text({ label, text, segments, testId }: { label: string; text: string; segments?: Segment[]; testId: string }) {
  return (
    <div className="min-w-0">
      <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{label}</p>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-900" data-testid={testId}>
        {text ? segments ? <Marked segments={segments} /> : text : "(not captured)"}
      </pre>
    </div>
  );
}

const drop = (r: Disagreement) => (r.score_baseline !== null && r.score_canary !== null ? Number(r.score_baseline) - Number(r.score_canary) : null);

function Item({ r }: { r: Disagreement }) {
  const d = drop(r);
  const diff = r.output_baseline && r.output_canary ? wordDiff(r.output_baseline, r.output_canary) : null;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3" data-testid="disagreement" data-request-id={r.request_id} data-score-drop={d ?? ""} data-kl={r.kl_divergence ?? ""} data-token-agreement={r.token_agreement} data-exact={r.exact_match}>
      <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{r.exact_match ? "= exact match" : "≠ outputs differ"}</span>
        {d !== null && (
          <span>
            score drop <span className="font-medium text-slate-800">{d.toFixed(2)}</span> ({Number(r.score_baseline).toFixed(2)} → {Number(r.score_canary).toFixed(2)})
          </span>
        )}
        {r.kl_divergence !== null && <span>KL {Number(r.kl_divergence).toFixed(4)}</span>}
        <span>token agreement {pct(r.token_agreement)}</span>
        <Time at={r.time} />
      </p>
      <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        <CopyText label="request" text={r.request_id} testId="copy-request-id" />
        {r.trace_baseline && <CopyText label="baseline trace" text={r.trace_baseline} testId="copy-trace-baseline" />}
        {r.trace_canary && <CopyText label="canary trace" text={r.trace_canary} testId="copy-trace-canary" />}
      </p>
      <div className="mt-2 grid gap-3 lg:grid-cols-3">
        <Text label="input" text={r.input} testId="text-input" />
        <Text label="baseline output (removed words marked)" text={r.output_baseline} segments={diff ? side(diff, "a") : undefined} testId="text-baseline" />
        <Text label="canary output (inserted words marked)" text={r.output_canary} segments={diff ? side(diff, "b") : undefined} testId="text-canary" />
      </div>
    </li>
  );
}

/** The check filter: a plain GET form (works without script), keeping the page's other parameters. */
function Filter({ path, sp, q }: { path: string; sp: SearchParams; q: DisagreementQuery }) {
  const keep = Object.entries(sp).filter(([k, v]) => !["dcheck", "dx", "dpage"].includes(k) && typeof v === "string") as [string, string][];
  return (
    <form method="get" action={path} className="flex flex-wrap items-end gap-2 text-xs" data-testid="disagreement-filter">
      {keep.map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <label className="flex flex-col gap-0.5">
        <span className="text-slate-500">show</span>
        <select name="dcheck" defaultValue={q.check} className="rounded border border-slate-300 px-1 py-0.5" data-testid="disagreement-check">
          {CHECKS.map((c) => <option key={c} value={c}>{CHECK_FILTERS[c].label}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-slate-500">threshold (token agreement 0–1, KL nats, score drop)</span>
        <input name="dx" type="number" step="any" min={-1} max={1000} defaultValue={CHECK_FILTERS[q.check].x === null ? "" : q.x} placeholder="default" className="w-28 rounded border border-slate-300 px-1 py-0.5" data-testid="disagreement-threshold" />
      </label>
      <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-50" data-testid="disagreement-apply">apply</button>
      {q.check !== "all" && <Link href={`${path}${disagreementHref(sp, { dcheck: "all", dx: null })}`} className="text-blue-700 hover:underline">clear</Link>}
    </form>
  );
}

function Pager({ path, sp, q, total }: { path: string; sp: SearchParams; q: DisagreementQuery; total: number }) {
  const pages = Math.max(1, Math.min(MAX_PAGE, Math.ceil(total / q.limit)));
  const from = total === 0 ? 0 : q.offset + 1;
  const to = Math.min(total, q.offset + q.limit);
  return (
    <nav aria-label="disagreement pages" className="flex flex-wrap items-center gap-3 text-xs text-slate-600" data-testid="disagreement-pager" data-page={q.page} data-total={total}>
      <span data-testid="disagreement-range">
        {count(from)}–{count(to)} of {count(total)}
        {total >= SCAN && ` (the newest ${count(SCAN)} matching comparisons)`}
      </span>
      {q.page > 1 ? <Link href={`${path}${disagreementHref(sp, { dpage: q.page - 1 })}`} rel="prev" className="text-blue-700 hover:underline" data-testid="disagreement-prev">← previous</Link> : <span className="text-slate-400">← previous</span>}
      <span>page {q.page} of {pages}</span>
      {q.page < pages ? <Link href={`${path}${disagreementHref(sp, { dpage: q.page + 1 })}`} rel="next" className="text-blue-700 hover:underline" data-testid="disagreement-next">next →</Link> : <span className="text-slate-400">next →</span>}
    </nav>
  );
}

export function Disagreements({ page, query, path, searchParams }: { page: DisagreementRows; query: DisagreementQuery; path: string; searchParams: SearchParams }) {
  const { rows, total } = page;
  const filtered = query.check !== "all";
  const shown = rows.slice(0, OPEN);
  const more = rows.slice(OPEN);
  return (
    <div className="space-y-3" data-testid="disagreements" data-check={query.check}>
      <Filter path={path} sp={searchParams} q={query} />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600" data-testid="no-disagreements">
          {filtered || query.page > 1
            ? `No shadow comparisons ${filtered ? `where ${CHECK_FILTERS[query.check].label.toLowerCase()}${CHECK_FILTERS[query.check].x === null ? "" : ` ${query.x}`}` : ""}${query.page > 1 ? ` on page ${query.page}` : ""} for this slice in the window.`
            : "No shadow comparisons for this slice in the window. Texts appear when the shadow path sets quantlens.shadow.input and quantlens.shadow.output.*."}
        </p>
      ) : (
        <>
          <Pager path={path} sp={searchParams} q={query} total={total} />
          <ol className="space-y-3">{shown.map((r, i) => <Item key={`${r.request_id}-${i}`} r={r} />)}</ol>
          {more.length > 0 && (
            <details className="rounded-lg border border-slate-200 bg-white p-2">
              <summary className="cursor-pointer text-sm text-slate-700">{more.length} more on this page</summary>
              <ol className="mt-2 space-y-3">{more.map((r, i) => <Item key={`${r.request_id}-${i + OPEN}`} r={r} />)}</ol>
            </details>
          )}
          {total > query.limit && <Pager path={path} sp={searchParams} q={query} total={total} />}
        </>
      )}
    </div>
  );
}

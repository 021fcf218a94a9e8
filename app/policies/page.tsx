// Guardrail policies: the active policy per deployment, its versions, a diff between any two,
// and (for operators) an editor that validates on the server and shows every error's path.
import Link from "next/link";
import { stringify as toYaml } from "yaml";
import { Header } from "@/app/_components/header";
import { PageFailure } from "@/app/_components/error-banner";
import { LIMITS } from "@/lib/limits";
import { roleCan } from "@/lib/auth/roles";
import { METRIC_INFO, type PolicyChange } from "@/lib/policy";
import { requireUser } from "@/server/http/auth";
import { deploymentList } from "@/server/services/deployments";
import { diffVersions, policyVersions, type StoredPolicy } from "@/server/services/policies";
import { errorMessage } from "@/server/http/page-errors";
import { first, type SearchParams } from "@/lib/view/range";
import { valueText } from "@/app/_components/states";
import { PolicyEditor } from "./_components/policy-editor";
import { Time } from "@/app/_components/time";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

const label = (d: string) => (d === "" ? "default for all deployments" : d);
const q = (o: Record<string, string | number>) => `?${new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString()}`;

export default async function PoliciesPage({ searchParams }: Props) {
  const sp = await searchParams;
  const deployment = (first(sp.deployment) ?? "").slice(0, LIMITS.deploymentChars);
  const user = await requireUser(`/policies${deployment ? q({ deployment }) : ""}`);
  const canEdit = roleCan(user.role, "operate");
  let data: { active: StoredPolicy; versions: StoredPolicy[]; deployments: string[] };
  try {
    const [{ active, versions }, list] = await Promise.all([policyVersions(deployment), deploymentList()]);
    data = { active, versions, deployments: list.map((d) => d.deployment) };
  } catch (e) {
    return <PageFailure user={user} crumbs={[{ href: "/policies", label: "Policies" }]} title="Could not load policies" error={e} />;
  }
  const { active, versions } = data;
  const options = ["", ...data.deployments, ...(deployment && !data.deployments.includes(deployment) ? [deployment] : [])];
  const inherited = active.deployment !== deployment;
  // Versions that can be diffed: this deployment's stored ones and the built-in default (0).
  const numbers = [...versions.map((v) => v.version), 0];
  const defFrom = versions.length >= 2 ? versions[1].version : 0;
  const defTo = versions.length >= 1 ? versions[0].version : 0;
  const from = Number(first(sp.from) ?? defFrom);
  const to = Number(first(sp.to) ?? defTo);
  let diff: { changes: PolicyChange[] } | { error: string } | null = null;
  if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= 0 && from !== to) {
    try {
      diff = await diffVersions(deployment, from, to);
    } catch (e) {
      diff = { error: errorMessage(e) };
    }
  }
  const p = active.policy;
  return (
    <>
      <Header user={user} crumbs={[{ href: "/policies", label: "Policies" }]} />
      <main className="mx-auto max-w-[1800px] space-y-5 px-6 py-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-lg font-semibold">Guardrail policy · {label(deployment)}</h1>
          <form method="get" action="/policies" className="flex items-center gap-2 text-sm">
            <label htmlFor="deployment" className="text-slate-600">Deployment</label>
            <select id="deployment" name="deployment" defaultValue={deployment} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="policy-deployment">
              {options.map((d) => (
                <option key={d || "(default)"} value={d}>{label(d)}</option>
              ))}
            </select>
            <button className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100" type="submit">Show</button>
          </form>
        </div>

        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label="active policy" data-testid="active-policy">
          <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
            <h2 className="font-semibold">{p.name}</h2>
            <span className="text-sm" data-testid="active-version">version {active.version}</span>
            <span className="text-xs text-slate-600">
              {active.version === 0 ? "built-in default" : inherited ? "inherited from the default for all deployments" : `stored for ${label(active.deployment)}`}
            </span>
            <span className="text-xs text-slate-600">by {active.author} · <Time at={active.created_at} /></span>
          </div>
          {active.reason && <p className="mt-1 text-sm text-slate-700">reason: {active.reason}</p>}
          {p.description && <p className="mt-1 text-sm text-slate-600">{p.description}</p>}
          <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-700">
            <div><dt className="inline text-slate-500">alpha </dt><dd className="inline">{p.alpha}</dd></div>
            <div><dt className="inline text-slate-500">min samples </dt><dd className="inline">{p.min_samples}</dd></div>
            <div><dt className="inline text-slate-500">peer spread </dt><dd className="inline">×{p.peer_spread}</dd></div>
            <div><dt className="inline text-slate-500">KL cap </dt><dd className="inline">{p.kl_cap} nats</dd></div>
            <div><dt className="inline text-slate-500">max cells </dt><dd className="inline">{p.max_cells}</dd></div>
            <div><dt className="inline text-slate-500">resolution </dt><dd className="inline">{p.resolution.mode === "recovered" ? `on recovery (${p.resolution.min_passes} evaluations) or by an operator` : "by an operator only"}</dd></div>
          </dl>
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-sm" data-testid="policy-checks">
              <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3">metric</th>
                  <th className="pr-3">direction</th>
                  <th className="pr-3">allowed degradation</th>
                  <th className="pr-3">fails the deployment</th>
                  <th>slices</th>
                </tr>
              </thead>
              <tbody>
                {p.checks.map((c, i) => (
                  <tr key={i} className="border-b border-slate-100" data-testid="policy-check" data-metric={c.metric}>
                    <td className="py-1 pr-3 font-mono text-xs">{c.metric}{c.kind ? ` (${c.kind})` : ""}</td>
                    <td className="pr-3 text-xs">{(c.direction ?? METRIC_INFO[c.metric].direction).replace(/_/g, " ")}</td>
                    <td className="pr-3 tabular-nums">
                      {c.allowed_degradation.kind === "relative" ? `${+(c.allowed_degradation.value * 100).toFixed(4)}% relative` : `${c.allowed_degradation.value} absolute`}
                    </td>
                    <td className="pr-3 text-xs">
                      {!METRIC_INFO[c.metric].sequential ? <span className="text-slate-500">no (advisory)</span> : c.fails_deployment === false ? <span className="text-slate-500">no</span> : <span className="font-medium text-orange-800">yes</span>}
                      {c.compare && <span className="ml-1 text-slate-500">· {c.compare.replace("_", " ")}</span>}
                    </td>
                    <td className="text-xs">{c.slices === "all" ? `all${c.pairs ? " + pairs" : ""}` : c.slices.length === 0 ? "whole deployment only" : c.slices.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-500">Every sequential check can fail the deployment on its own; memory and drift are advisory. See docs/policy.md for the procedure and its guarantee.</p>
        </section>

        <div className="grid gap-5 xl:grid-cols-[24rem_1fr]">
          <section className="h-fit rounded-lg border border-slate-200 bg-white p-4" aria-label="version history">
            <h2 className="mb-2 font-semibold">Versions · {label(deployment)}</h2>
            <ol className="space-y-2 text-sm" data-testid="policy-versions">
              {versions.map((v) => (
                <li key={`${v.version}-${v.created_at}`} data-testid="policy-version" data-version={v.version} className="border-b border-slate-100 pb-1">
                  <div className="flex items-baseline gap-2">
                    <span className="font-medium">v{v.version}</span>
                    <span className="text-xs text-slate-600">{v.author} · <Time at={v.created_at} /></span>
                  </div>
                  <p className="text-xs text-slate-700">{v.reason}</p>
                </li>
              ))}
              <li className="text-xs text-slate-500" data-version={0}>v0 · built-in default (DEFAULT_POLICY)</li>
            </ol>
            {versions.length === 0 && <p className="mt-2 text-xs text-slate-500">No stored versions for {label(deployment)} yet.</p>}
          </section>

          <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-4" aria-label="diff">
            <form method="get" action="/policies" className="mb-3 flex flex-wrap items-center gap-2 text-sm">
              <h2 className="mr-2 font-semibold">Diff</h2>
              <input type="hidden" name="deployment" value={deployment} />
              <label htmlFor="from" className="text-slate-600">from</label>
              <select id="from" name="from" defaultValue={String(from)} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="diff-from">
                {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
              </select>
              <label htmlFor="to" className="text-slate-600">to</label>
              <select id="to" name="to" defaultValue={String(to)} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="diff-to">
                {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
              </select>
              <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100" data-testid="diff-show">Compare</button>
            </form>
            {diff === null ? (
              <p className="text-sm text-slate-500">Pick two different versions to compare.</p>
            ) : "error" in diff ? (
              <p className="text-sm text-orange-900"><span aria-hidden>✕ </span>{diff.error}</p>
            ) : diff.changes.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="policy-diff">v{from} and v{to} are identical.</p>
            ) : (
              <table className="w-full text-sm" data-testid="policy-diff" data-from={from} data-to={to}>
                <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
                  <tr><th className="py-1 pr-3">path</th><th className="pr-3">v{from}</th><th /><th>v{to}</th></tr>
                </thead>
                <tbody>
                  {diff.changes.map((c) => (
                    <tr key={c.path} className="border-b border-slate-100" data-testid="diff-change" data-path={c.path}>
                      <td className="py-1 pr-3 font-mono text-xs">{c.path}</td>
                      <td className="pr-3 font-mono text-xs text-orange-900"><span className="line-through decoration-orange-400">{valueText(c.old)}</span></td>
                      <td className="pr-3 text-slate-400" aria-label="becomes">→</td>
                      <td className="font-mono text-xs text-blue-900">{valueText(c.new)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>

        {canEdit ? (
          <PolicyEditor
            key={deployment || "(default)"}
            deployment={deployment}
            deploymentLabel={label(deployment)}
            initialYaml={toYaml(p, { lineWidth: 0 })}
            initialJson={JSON.stringify(p, null, 2)}
            basedOn={active.version === 0 ? "the built-in default" : `${label(active.deployment)} v${active.version}`}
          />
        ) : (
          <p className="rounded-lg border border-slate-300 bg-slate-50 p-4 text-sm text-slate-700" data-testid="policy-readonly">
            <span aria-hidden>🔒 </span>You can read policies. Editing needs the <strong>operator</strong> role; ask an admin
            (<code className="rounded bg-white px-1">npm run quantlens -- users create --role operator</code>).
          </p>
        )}
        <p className="text-xs text-slate-500">
          <Link href={deployment ? `/deployments/${encodeURIComponent(deployment)}` : "/"} className="text-blue-700 hover:underline">
            {deployment ? `← back to ${deployment}` : "← deployments"}
          </Link>
        </p>
      </main>
    </>
  );
}

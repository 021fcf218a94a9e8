// The page of a deployment that cannot be compared: telemetry arrived, but not from both arms (a
// plain OpenTelemetry sender, or a rollout whose canary has not started). Says what was received
// and what a comparison still needs, instead of an empty table and a rollback button.
import { Time } from "@/app/_components/time";
import { ago } from "@/lib/view/time";
import type { Activity, Received } from "@/server/services/deployments";

const n = (x: number) => x.toLocaleString("en-US");
const SIGNAL: Record<string, string> = {
  baseline: "spans · baseline arm",
  canary: "spans · canary arm",
  unspecified: "spans · no quantlens.arm",
  shadow_comparisons: "shadow comparisons",
  memory: "memory samples",
};

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 text-[0.8rem]">{children}</code>;
}

export function OneArm({ deployment, received, windowLabel, now = Date.now() }: { deployment: string; received: Received; windowLabel: string; now?: number }) {
  const rows: Activity[] = [...received.arms, ...received.signals];
  const has = (arm: string) => received.arms.some((a) => a.arm === arm && a.total > 0);
  const unlabelled = received.arms.find((a) => a.arm === "unspecified" && a.total > 0);
  const missing: { id: string; text: React.ReactNode }[] = [];
  for (const arm of ["baseline", "canary"]) {
    if (!has(arm)) {
      missing.push({
        id: `arm-${arm}`,
        text: (
          <>
            Spans from the <strong>{arm}</strong> arm: its resource attributes <Code>quantlens.deployment={deployment}</Code> and <Code>quantlens.arm={arm}</Code>
            {arm === "canary" ? " (the quantized model)." : " (the full-precision model the canary is judged against)."}
          </>
        ),
      });
    }
  }
  if (unlabelled) {
    missing.push({
      id: "arm-label",
      text: (
        <>
          {n(unlabelled.total)} spans arrived without <Code>quantlens.arm</Code>: set it on each arm&apos;s resource (<Code>OTEL_RESOURCE_ATTRIBUTES=quantlens.arm=canary,…</Code>), so they count for an arm.
        </>
      ),
    });
  }
  if (!received.signals.some((s) => s.arm === "shadow_comparisons")) {
    missing.push({
      id: "shadow",
      text: (
        <>
          <Code>quantlens.shadow_comparison</Code> log records (or span events), one per request pair, with exact match, token agreement and optionally KL divergence and task scores: without them only latency, errors and fallback can be compared.
        </>
      ),
    });
  }
  if (received.dimensions.length === 0) {
    missing.push({
      id: "slices",
      text: (
        <>
          Slice attributes <Code>quantlens.slice.&lt;dimension&gt;</Code> on the spans (language, context length, task, tenant…): without them there is only the whole deployment, no per-slice verdict.
        </>
      ),
    });
  }

  return (
    <section className="space-y-4" aria-label="what was received" data-testid="one-arm">
      <div className="rounded-lg border border-yellow-400 bg-yellow-50 p-4 text-sm text-yellow-950">
        <p className="text-base font-semibold"><span aria-hidden>? </span>Nothing to compare for {deployment} yet</p>
        <p className="mt-1">
          Quantlens compares a canary with its baseline. {has("baseline") || has("canary") ? `Only the ${has("baseline") ? "baseline" : "canary"} arm has sent spans` : "No arm has sent labelled spans"}, so there is no verdict, no per-slice table and nothing to roll back.
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 className="mb-2 font-semibold">Received</h2>
          <table className="w-full text-left" data-testid="received">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">signal</th>
                <th className="py-1 pr-3 text-right font-medium">total</th>
                <th className="py-1 pr-3 text-right font-medium">{windowLabel}</th>
                <th className="py-1 font-medium">last seen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.arm} className="border-t border-slate-100" data-testid="received-row" data-signal={r.arm}>
                  <td className="whitespace-nowrap py-1 pr-3">{SIGNAL[r.arm] ?? `spans · arm ${r.arm}`}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{n(r.total)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{n(r.in_window)}</td>
                  <td className="whitespace-nowrap py-1 text-xs">
                    <Time at={r.last_minute} seconds={false} /> <span className="text-slate-500">({ago(r.last_minute, now)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600" data-testid="received-slices">
            {received.dimensions.length ? (
              <>Slice dimensions: {received.dimensions.slice(0, 12).join(", ")}{received.dimensions.length > 12 ? ` and ${received.dimensions.length - 12} more` : ""}.</>
            ) : (
              "No slice dimensions."
            )}
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
          <h2 className="mb-2 font-semibold">Missing for a comparison</h2>
          <ul className="list-disc space-y-1.5 pl-5" data-testid="missing">
            {missing.map((m) => (
              <li key={m.id} data-testid="missing-item" data-missing={m.id}>{m.text}</li>
            ))}
          </ul>
          <p className="mt-3 text-xs text-slate-600">
            The whole contract: <Code>docs/semconv.md</Code> in the Quantlens repository (sections “Resource attributes”, “One span per inference request”, “Shadow comparison”).
          </p>
        </div>
      </div>
    </section>
  );
}

// Incident and delivery states as shape + word + colour (never colour alone), like lib/ui/status.
import { formatTime, UTC } from "@/lib/view/time";
export type IncidentStatus = "open" | "resolved";
export type DeliveryState = "pending" | "delivered" | "dead";

const INCIDENT: Record<IncidentStatus, { icon: string; cls: string }> = {
  open: { icon: "✕", cls: "border-orange-400 bg-orange-100 text-orange-900" },
  resolved: { icon: "✓", cls: "border-blue-300 bg-blue-50 text-blue-900" },
};

const DELIVERY: Record<DeliveryState, { icon: string; cls: string }> = {
  pending: { icon: "◷", cls: "border-slate-300 bg-slate-100 text-slate-700" },
  delivered: { icon: "✓", cls: "border-blue-300 bg-blue-50 text-blue-900" },
  dead: { icon: "✕", cls: "border-orange-500 bg-orange-100 text-orange-950" },
};

function Badge({ icon, word, cls, testId, kind }: { icon: string; word: string; cls: string; testId?: string; kind: string }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-1.5 py-0 text-xs font-medium ${cls}`} data-testid={testId} data-state={kind}>
      <span aria-hidden className="font-bold">{icon}</span>
      {word}
    </span>
  );
}

export function IncidentBadge({ status, testId }: { status: string; testId?: string }) {
  const s = (status === "resolved" ? "resolved" : "open") as IncidentStatus;
  return <Badge icon={INCIDENT[s].icon} word={s} cls={INCIDENT[s].cls} testId={testId} kind={s} />;
}

export function DeliveryBadge({ state, testId }: { state: string; testId?: string }) {
  const s = (["pending", "delivered", "dead"].includes(state) ? state : "pending") as DeliveryState;
  return <Badge icon={DELIVERY[s].icon} word={s} cls={DELIVERY[s].cls} testId={testId} kind={s} />;
}

/**
 * ClickHouse 'YYYY-MM-DD hh:mm:ss.fff' (UTC) → 'YYYY-MM-DD hh:mm:ss UTC', for text that cannot hold
 * an element (a title). In page content use <Time at=…>, which follows the viewer's zone.
 */
export function utcSecond(s: string | null | undefined): string {
  return formatTime(s, UTC);
}

/** Any JSON-ish value as short readable text (for diffs and details). */
export function valueText(v: unknown): string {
  if (v === undefined) return "(absent)";
  if (typeof v === "string") return JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

// The webhook payload, versioned as quantlens.webhook.v2 (JSON Schema in docs/webhooks.md).
import crypto from "node:crypto";
import type { Detector, Status, Verdict } from "@/lib/judgment/types";
import type { ManifestFields } from "@/lib/telemetry/manifest";

export const EVENT_TYPES = ["incident.opened", "incident.resolved", "rollback.requested", "test"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The manifest fields a payload carries, named one by one: a public contract of its own, so a
 *  field added to stored manifests later never reaches webhooks unannounced. */
export const MANIFEST_SUMMARY_FIELDS = ["model_version", "quant_format", "quant_method", "group_size", "calibration_dataset", "runtime", "hardware"] as const;

export type ManifestSummary = Pick<ManifestFields, (typeof MANIFEST_SUMMARY_FIELDS)[number]>;

/** The payload's manifest fields, picked from a stored manifest. */
export function manifestSummary(m: ManifestSummary): ManifestSummary {
  return Object.fromEntries(MANIFEST_SUMMARY_FIELDS.map((k) => [k, m[k]])) as ManifestSummary;
}

/** One established failure, as webhooks and incidents carry it (from the verdict, never from its text). */
export interface FailingCheck {
  dimension: string;
  value: string;
  metric: string;
  /** Index of the check in the policy. */
  check: number;
  fails_deployment: boolean;
  detector: Detector;
  failed_at: string;
  /** Observations when it failed and now. */
  n_at_failure: number;
  n: number;
  baseline: number | null;
  canary: number | null;
  degradation: { estimate: number; lower: number; upper: number } | null;
  allowed: number | null;
  /** log e-values and their thresholds, per detector. */
  evidence: { anchored: { log: number; log_threshold: number }; change: { log: number; log_threshold: number } } | null;
  reason: string;
}

export interface WebhookPayload {
  schema: "quantlens.webhook.v2";
  event: EventType;
  delivery_id: string;
  idempotency_key: string;
  occurred_at: string;
  deployment: string;
  incident: { id: string; status: string; opened_at: string; resolved_at: string | null } | null;
  verdict: {
    status: Status;
    since: string;
    reason: Verdict["reason"];
    worst_cell: Verdict["worstCell"];
    policy: { name: string; version: number };
    epoch: Verdict["epoch"];
    evaluated_at: string;
  } | null;
  failing_checks: FailingCheck[];
  manifests: { baseline: ManifestSummary | null; canary: ManifestSummary | null };
  links: { deployment: string; slice: string | null; incident: string | null };
  requested_by?: string;
}

/** Every failing check of a verdict, the worst cell's first, then by evidence (at most 50). */
export function failingChecks(v: Verdict): FailingCheck[] {
  const out: (FailingCheck & { excess: number })[] = [];
  for (const c of v.cells) {
    for (const k of c.checks) {
      if (k.status !== "fail" || !k.failed) continue;
      const e = k.evidence;
      out.push({
        dimension: c.dimension,
        value: c.value,
        metric: k.metric,
        check: k.check,
        fails_deployment: k.failsDeployment,
        detector: k.failed.detector,
        failed_at: k.failed.at,
        n_at_failure: k.failed.n,
        n: k.n,
        baseline: k.baseline,
        canary: k.canary,
        degradation: k.degradation,
        allowed: k.allowed,
        evidence: e ? { anchored: { log: e.anchored.log, log_threshold: e.anchored.logThreshold }, change: { log: e.change.log, log_threshold: e.change.logThreshold } } : null,
        reason: k.reason.text,
        excess: e ? Math.max(e.anchored.log - e.anchored.logThreshold, e.change.log - e.change.logThreshold) : 0,
      });
    }
  }
  const w = v.worstCell;
  const isWorst = (f: FailingCheck) => (w && f.dimension === w.dimension && f.value === w.value ? 1 : 0);
  return out
    .sort((a, b) => isWorst(b) - isWorst(a) || Number(b.fails_deployment) - Number(a.fails_deployment) || b.excess - a.excess)
    .slice(0, 50)
    .map(({ excess: _excess, ...f }) => f);
}

/** The verdict part of a payload. */
export function payloadVerdict(v: Verdict): NonNullable<WebhookPayload["verdict"]> {
  return { status: v.status, since: v.since, reason: v.reason, worst_cell: v.worstCell, policy: v.policy, epoch: v.epoch, evaluated_at: v.evaluatedAt };
}

const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/** Stable per incident (or per manual request): receivers dedupe on it. */
export function idempotencyKey(parts: { incidentId?: string; event: EventType; requestId?: string }): string {
  return `ql-${hash(`${parts.incidentId ?? ""}:${parts.event}:${parts.requestId ?? ""}`).slice(0, 32)}`;
}

/** Deterministic per (event source, endpoint): a retried or duplicated enqueue maps to one row. */
export function deliveryId(idempotency: string, endpointId: string): string {
  return `dl_${hash(`${idempotency}:${endpointId}`).slice(0, 24)}`;
}

export function incidentId(deployment: string, episode: number): string {
  return `inc_${hash(`${deployment}#${episode}`).slice(0, 20)}`;
}

export function sliceLink(baseUrl: string, deployment: string, check: { dimension: string; value: string } | undefined): string | null {
  if (!check || !check.dimension) return null;
  return `${baseUrl}/deployments/${encodeURIComponent(deployment)}/slices/${encodeURIComponent(check.dimension)}/${encodeURIComponent(check.value)}`;
}

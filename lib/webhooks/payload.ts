// The webhook payload, versioned as quantlens.webhook.v1 (JSON Schema in docs/webhooks.md).
import crypto from "node:crypto";
import type { ManifestFields } from "@/clickhouse/rows";

export const EVENT_TYPES = ["incident.opened", "incident.resolved", "rollback.requested", "test"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type ManifestSummary = ManifestFields;

export interface FailingCheck {
  dimension: string;
  value: string;
  metric: string;
  feature?: string;
  status: string;
  critical: boolean;
  baseline: number | null;
  canary: number | null;
  delta: number | null;
  interval: { lower: number; upper: number } | null;
  allowed: number | null;
  n: { baseline: number; canary: number };
  reason: string;
}

export interface WebhookPayload {
  schema: "quantlens.webhook.v1";
  event: EventType;
  delivery_id: string;
  idempotency_key: string;
  occurred_at: string;
  deployment: string;
  incident: { id: string; status: string; opened_at: string; resolved_at: string | null } | null;
  verdict: { status: string; reason: string; policy: { name: string; version: number } } | null;
  failing_checks: FailingCheck[];
  manifests: { baseline: ManifestSummary | null; canary: ManifestSummary | null };
  links: { deployment: string; slice: string | null; incident: string | null };
  requested_by?: string;
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

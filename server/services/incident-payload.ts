// Webhook payloads for incidents and rollback requests: the verdict's structured fields, the
// failing checks, both arms' manifests and links into the dashboard.
import { db } from "@/clickhouse/client";
import { config } from "@/server/runtime/config";
import { manifestVersions } from "@/clickhouse/queries/deployments";
import type { IncidentRow } from "@/clickhouse/queries/incidents";
import type { Verdict } from "@/lib/judgment/types";
import { failingChecks, manifestSummary, payloadVerdict, sliceLink, type EventType, type ManifestSummary, type WebhookPayload } from "@/lib/webhooks/payload";

export async function manifestsOf(deployment: string): Promise<WebhookPayload["manifests"]> {
  const all = await manifestVersions(await db(), deployment);
  const last = (arm: string): ManifestSummary | null => {
    const m = all.filter((x) => x.arm === arm).at(-1);
    return m ? manifestSummary(m) : null;
  };
  return { baseline: last("baseline"), canary: last("canary") };
}

export function payloadFor(p: {
  event: EventType;
  deliveryId: string;
  key: string;
  deployment: string;
  incident: IncidentRow | null;
  verdict: Verdict | null;
  manifests: WebhookPayload["manifests"];
  requestedBy?: string;
}): WebhookPayload {
  const base = config().publicUrl;
  const failing = p.verdict ? failingChecks(p.verdict) : [];
  const worst = p.verdict?.worstCell ?? failing[0];
  return {
    schema: "quantlens.webhook.v2",
    event: p.event,
    delivery_id: p.deliveryId,
    idempotency_key: p.key,
    occurred_at: new Date().toISOString(),
    deployment: p.deployment,
    incident: p.incident ? { id: p.incident.id, status: p.incident.status, opened_at: p.incident.opened_at, resolved_at: p.incident.resolved_at } : null,
    verdict: p.verdict ? payloadVerdict(p.verdict) : null,
    failing_checks: failing,
    manifests: p.manifests,
    links: {
      deployment: `${base}/deployments/${encodeURIComponent(p.deployment)}`,
      slice: sliceLink(base, p.deployment, worst ?? undefined),
      incident: p.incident ? `${base}/incidents/${p.incident.id}` : null,
    },
    ...(p.requestedBy ? { requested_by: p.requestedBy } : {}),
  };
}

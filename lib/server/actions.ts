// Operator actions: request a rollback, redeliver, acknowledge, resolve. Each is audited.
import crypto from "node:crypto";
import { db } from "@/clickhouse/client";
import { getIncident, putIncident } from "@/clickhouse/queries/incidents";
import { appendAudit } from "@/clickhouse/queries/users";
import { getDelivery, putDelivery } from "@/clickhouse/queries/webhooks";
import { chTimeMs } from "@/clickhouse/time";
import { idempotencyKey } from "@/lib/webhooks/payload";
import { ApiError } from "./api-route";
import { kickDeliveries, runningEvaluator } from "./background";
import { manifestsOf, payloadFor } from "./incident-payload";
import { verdictFor } from "./verdicts";
import { enqueue } from "./webhooks";

export async function requestRollback(deployment: string, actor: string, reason: string): Promise<{ deliveries: string[] }> {
  const verdict = await verdictFor(deployment);
  const requestId = crypto.randomUUID();
  const key = idempotencyKey({ event: "rollback.requested", requestId });
  const manifests = await manifestsOf(deployment);
  const deliveries = await enqueue("rollback.requested", deployment, key, (deliveryId) =>
    payloadFor({ event: "rollback.requested", deliveryId, key, deployment, incident: null, verdict, manifests, requestedBy: actor }),
  );
  await appendAudit(await db(), { actor, action: "rollback.request", target: deployment, details: { reason, deliveries } });
  kickDeliveries();
  return { deliveries };
}

/** Sends a delivery again, as a new attempt series with the same delivery id and idempotency key. */
export async function redeliver(id: string, actor: string): Promise<void> {
  const client = await db();
  const d = await getDelivery(client, id);
  if (!d) throw new ApiError(404, `no delivery ${JSON.stringify(id)}`);
  await putDelivery(client, { ...d, state: "pending", first_attempt_at: null, attempts: d.attempts, next_attempt_at: chTimeMs(Date.now()), last_error: "" });
  await appendAudit(client, { actor, action: "delivery.redeliver", target: id });
  kickDeliveries();
}

export async function acknowledge(id: string, actor: string): Promise<void> {
  const client = await db();
  const inc = await getIncident(client, id);
  if (!inc) throw new ApiError(404, `no incident ${JSON.stringify(id)}`);
  if (inc.acknowledged_by) throw new ApiError(409, `already acknowledged by ${inc.acknowledged_by}`);
  await putIncident(client, { ...inc, acknowledged_by: actor, acknowledged_at: chTimeMs(Date.now()) });
  await appendAudit(client, { actor, action: "incident.acknowledge", target: id });
}

/**
 * Ends an open incident now. The evaluator resolves it at its next round and starts the
 * deployment's evidence afresh (a new epoch): the request is stored with the incident, so
 * whichever replica holds the evaluator lease acts on it.
 */
export async function resolveIncident(id: string, actor: string, reason: string): Promise<void> {
  const client = await db();
  const inc = await getIncident(client, id);
  if (!inc) throw new ApiError(404, `no incident ${JSON.stringify(id)}`);
  if (inc.status !== "open") throw new ApiError(409, `incident ${id} is already ${inc.status}`);
  const evidence = JSON.parse(inc.evidence || "{}") as Record<string, unknown>;
  await putIncident(client, { ...inc, evidence: JSON.stringify({ ...evidence, resolve_requested: { by: actor, at: new Date().toISOString(), reason } }) });
  await appendAudit(client, { actor, action: "incident.resolve", target: id, details: { reason } });
  runningEvaluator()?.notify(true);
}

export async function sendTest(endpointId: string, actor: string): Promise<{ deliveries: string[] }> {
  const key = idempotencyKey({ event: "test", requestId: crypto.randomUUID() });
  const deliveries = await enqueue("test", "", key, (deliveryId) => payloadFor({ event: "test", deliveryId, key, deployment: "", incident: null, verdict: null, manifests: { baseline: null, canary: null } }), endpointId);
  if (deliveries.length === 0) throw new ApiError(409, "the endpoint is disabled or does not take test events");
  await appendAudit(await db(), { actor, action: "webhook.test", target: endpointId });
  kickDeliveries();
  return { deliveries };
}

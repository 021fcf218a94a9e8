// The webhook delivery log: deliveries with their attempts and payloads, and redelivery.
import { getDelivery, listAttempts, listDeliveries, putDelivery, type AttemptRow, type DeliveryRow } from "@/clickhouse/queries/webhooks";
import { appendAudit } from "@/clickhouse/queries/users";
import { chTimeMs } from "@/clickhouse/time";
import { groupBy } from "@/lib/collections/group-by";
import { NotFoundError } from "@/lib/errors";
import type { WebhookPayload } from "@/lib/webhooks/payload";
import { database, wakeDeliveries } from "@/server/runtime/runtime";

export type { AttemptRow, DeliveryRow };

export interface DeliveryWithAttempts extends Omit<DeliveryRow, "payload"> {
  payload: WebhookPayload;
  attempts_log: AttemptRow[];
}

export interface DeliveryFilter {
  deployment?: string;
  incident?: string;
  limit?: number;
}

/** Deliveries, newest first, each with its attempts (oldest first) and its payload as sent. */
export async function deliveriesWithAttempts(filter: DeliveryFilter = {}): Promise<DeliveryWithAttempts[]> {
  const client = await database();
  const deliveries = await listDeliveries(client, filter);
  const attempts = await listAttempts(client, deliveries.map((d) => d.id));
  const byDelivery = groupBy(attempts, (a) => a.delivery_id);
  return deliveries.map((d) => ({ ...d, payload: JSON.parse(d.payload) as WebhookPayload, attempts_log: byDelivery.get(d.id) ?? [] }));
}

/** How many deliveries each incident has (for lists of incidents). */
export async function deliveryCountsByIncident(deployment = ""): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const d of await listDeliveries(await database(), { deployment, limit: 5000 })) if (d.incident_id) counts.set(d.incident_id, (counts.get(d.incident_id) ?? 0) + 1);
  return counts;
}

/** Sends a delivery again, as a new attempt series with the same delivery id and idempotency key. */
export async function redeliver(id: string, actor: string): Promise<void> {
  const client = await database();
  const d = await getDelivery(client, id);
  if (!d) throw new NotFoundError(`no delivery ${JSON.stringify(id)}`);
  await putDelivery(client, { ...d, state: "pending", first_attempt_at: null, attempts: d.attempts, next_attempt_at: chTimeMs(Date.now()), last_error: "" });
  await appendAudit(client, { actor, action: "delivery.redeliver", target: id });
  await wakeDeliveries();
}

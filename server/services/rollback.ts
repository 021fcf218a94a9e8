// A rollback request: rollback.requested to the deployment's endpoints, with the current
// evidence. Audited.
import crypto from "node:crypto";
import { appendAudit } from "@/clickhouse/queries/users";
import { idempotencyKey } from "@/lib/webhooks/payload";
import { database, wakeDeliveries } from "@/server/runtime/runtime";
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
  await appendAudit(await database(), { actor, action: "rollback.request", target: deployment, details: { reason, deliveries } });
  await wakeDeliveries();
  return { deliveries };
}

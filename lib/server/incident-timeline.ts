// One incident with its timeline: verdicts around it, deliveries with attempts, acknowledgement.
import { db } from "@/clickhouse/client";
import { getIncident } from "@/clickhouse/queries/incidents";
import { verdictAt, verdictHistory } from "@/clickhouse/queries/judgment";
import { listAttempts, listAudit, listDeliveries } from "@/clickhouse/queries/webhooks";
import { parseChTime } from "@/clickhouse/time";
import { ApiError } from "./api-route";

export async function incidentTimeline(id: string) {
  const client = await db();
  const incident = await getIncident(client, id);
  if (!incident) throw new ApiError(404, `no incident ${JSON.stringify(id)}`);
  const opened = parseChTime(incident.opened_at);
  const until = incident.resolved_at ? parseChTime(incident.resolved_at) : Date.now();
  const [verdicts, latest, deliveries, audit] = await Promise.all([
    verdictHistory(client, incident.deployment, opened - 10 * 60_000, until + 5 * 60_000),
    verdictAt(client, incident.deployment, incident.resolved_at ? until : undefined),
    listDeliveries(client, { incident: id }),
    listAudit(client, { target: id }),
  ]);
  const attempts = await listAttempts(client, deliveries.map((d) => d.id));
  return {
    incident: { ...incident, evidence: JSON.parse(incident.evidence || "{}") },
    verdicts,
    latest,
    deliveries: deliveries.map((d) => ({ ...d, payload: JSON.parse(d.payload), attempts_log: attempts.filter((a) => a.delivery_id === d.id) })),
    audit,
  };
}

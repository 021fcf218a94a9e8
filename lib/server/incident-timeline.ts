// One incident with its timeline: verdicts around it, deliveries with attempts, acknowledgement.
import { db } from "@/clickhouse/client";
import { getIncident, verdictHistory } from "@/clickhouse/queries/incidents";
import { listAttempts, listAudit, listDeliveries } from "@/clickhouse/queries/webhooks";
import { parseChTime } from "@/clickhouse/time";
import { ApiError } from "./api-route";

export async function incidentTimeline(id: string) {
  const client = await db();
  const incident = await getIncident(client, id);
  if (!incident) throw new ApiError(404, `no incident ${JSON.stringify(id)}`);
  const opened = parseChTime(incident.opened_at);
  const until = incident.resolved_at ? parseChTime(incident.resolved_at) : Date.now();
  const [verdicts, deliveries, audit] = await Promise.all([
    verdictHistory(client, incident.deployment, opened - 10 * 60_000, until + 5 * 60_000),
    listDeliveries(client, { incident: id }),
    listAudit(client, { target: id }),
  ]);
  const attempts = await listAttempts(client, deliveries.map((d) => d.id));
  return {
    incident: { ...incident, evidence: JSON.parse(incident.evidence || "{}") },
    verdicts: verdicts.map((v) => ({ ...v, failing: JSON.parse(v.failing || "[]") })),
    deliveries: deliveries.map((d) => ({ ...d, payload: JSON.parse(d.payload), attempts_log: attempts.filter((a) => a.delivery_id === d.id) })),
    audit,
  };
}

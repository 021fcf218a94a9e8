// One incident with its timeline: verdicts around it, deliveries with attempts, acknowledgement.
import { getIncident } from "@/clickhouse/queries/incidents";
import { verdictAt, verdictHistory } from "@/clickhouse/queries/judgment";
import { listAudit } from "@/clickhouse/queries/webhooks";
import { parseChTime } from "@/clickhouse/time";
import { NotFoundError } from "@/lib/errors";
import { database } from "@/server/runtime/runtime";
import { deliveriesWithAttempts } from "./deliveries";

export async function incidentTimeline(id: string) {
  const client = await database();
  const incident = await getIncident(client, id);
  if (!incident) throw new NotFoundError(`no incident ${JSON.stringify(id)}`);
  const opened = parseChTime(incident.opened_at);
  const until = incident.resolved_at ? parseChTime(incident.resolved_at) : Date.now();
  const [verdicts, latest, deliveries, audit] = await Promise.all([
    verdictHistory(client, incident.deployment, opened - 10 * 60_000, until + 5 * 60_000),
    verdictAt(client, incident.deployment, incident.resolved_at ? until : undefined),
    deliveriesWithAttempts({ incident: id }),
    listAudit(client, { target: id }),
  ]);
  return { incident: { ...incident, evidence: JSON.parse(incident.evidence || "{}") }, verdicts, latest, deliveries, audit };
}

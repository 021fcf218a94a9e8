// Incidents for the API and the pages: lists, acknowledgement and resolution. Each change is
// audited.
import { getIncident, listIncidents, putIncident, type IncidentRow } from "@/clickhouse/queries/incidents";
import { appendAudit } from "@/clickhouse/queries/users";
import { chTimeMs } from "@/clickhouse/time";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { database, wakeEvaluator } from "@/server/runtime/runtime";
import { deliveryCountsByIncident } from "./deliveries";

export type { IncidentRow };

/** Incidents, newest first; `deployment` '' = every deployment. Evidence as stored (JSON). */
export async function incidents(deployment = ""): Promise<(Omit<IncidentRow, "evidence"> & { evidence: unknown })[]> {
  return (await listIncidents(await database(), { deployment })).map((i) => ({ ...i, evidence: JSON.parse(i.evidence || "{}") }));
}

/** The incidents page: the incidents (of one deployment, or all), every deployment that has any, and delivery counts. */
export async function incidentsPage(deployment: string): Promise<{ incidents: IncidentRow[]; deployments: string[]; deliveries: Map<string, number> }> {
  const client = await database();
  const [list, everything, deliveries] = await Promise.all([listIncidents(client, { deployment }), deployment ? listIncidents(client) : null, deliveryCountsByIncident(deployment)]);
  const deployments = [...new Set((everything ?? list).map((i) => i.deployment))].sort();
  return { incidents: list, deployments, deliveries };
}

export async function acknowledge(id: string, actor: string): Promise<void> {
  const client = await database();
  const inc = await getIncident(client, id);
  if (!inc) throw new NotFoundError(`no incident ${JSON.stringify(id)}`);
  if (inc.acknowledged_by) throw new ConflictError(`already acknowledged by ${inc.acknowledged_by}`);
  await putIncident(client, { ...inc, acknowledged_by: actor, acknowledged_at: chTimeMs(Date.now()) });
  await appendAudit(client, { actor, action: "incident.acknowledge", target: id });
}

/**
 * Ends an open incident now. The evaluator resolves it at its next round and starts the
 * deployment's evidence afresh (a new epoch): the request is stored with the incident, so
 * whichever replica holds the evaluator lease acts on it.
 */
export async function resolveIncident(id: string, actor: string, reason: string): Promise<void> {
  const client = await database();
  const inc = await getIncident(client, id);
  if (!inc) throw new NotFoundError(`no incident ${JSON.stringify(id)}`);
  if (inc.status !== "open") throw new ConflictError(`incident ${id} is already ${inc.status}`);
  const evidence = JSON.parse(inc.evidence || "{}") as Record<string, unknown>;
  await putIncident(client, { ...inc, evidence: JSON.stringify({ ...evidence, resolve_requested: { by: actor, at: new Date().toISOString(), reason } }) });
  await appendAudit(client, { actor, action: "incident.resolve", target: id, details: { reason } });
  await wakeEvaluator();
}

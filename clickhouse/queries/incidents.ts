// Incidents, verdict history and evaluator state.
import type { Db } from "../client";
import { chTimeMs } from "../time";

export interface IncidentRow {
  id: string;
  deployment: string;
  episode: number;
  status: "open" | "resolved";
  opened_at: string;
  resolved_at: string | null;
  acknowledged_by: string;
  acknowledged_at: string | null;
  policy_version: number;
  reason: string;
  evidence: string;
}

const LATEST = `SELECT id, argMax(deployment, version) AS deployment, toUInt32(argMax(episode, version)) AS episode,
    argMax(status, version) AS status, toString(argMax(opened_at, version)) AS opened_at,
    toString(argMax(resolved_at, version)) AS resolved_at, argMax(acknowledged_by, version) AS acknowledged_by,
    toString(argMax(acknowledged_at, version)) AS acknowledged_at, toUInt32(argMax(policy_version, version)) AS policy_version,
    argMax(reason, version) AS reason, argMax(evidence, version) AS evidence
  FROM incidents`;

const clean = (r: IncidentRow): IncidentRow => ({
  ...r,
  resolved_at: r.resolved_at && r.resolved_at !== "\\N" ? r.resolved_at : null,
  acknowledged_at: r.acknowledged_at && r.acknowledged_at !== "\\N" ? r.acknowledged_at : null,
});

export async function putIncident(client: Db, i: IncidentRow): Promise<void> {
  await client.insert({ table: "incidents", format: "JSONEachRow", values: [{ ...i, version: Date.now() * 1000 + Math.floor(Math.random() * 1000) }] });
}

export async function getIncident(client: Db, id: string): Promise<IncidentRow | null> {
  const r = await client.query({ query: `${LATEST} WHERE id = {id:String} GROUP BY id`, query_params: { id }, format: "JSONEachRow" });
  const [row] = await r.json<IncidentRow>();
  return row ? clean(row) : null;
}

export async function listIncidents(client: Db, opts: { deployment?: string; limit?: number } = {}): Promise<IncidentRow[]> {
  const r = await client.query({
    query: `SELECT * FROM (${LATEST} GROUP BY id) WHERE {d:String} = '' OR deployment = {d:String} ORDER BY opened_at DESC LIMIT {limit:UInt32}`,
    query_params: { d: opts.deployment ?? "", limit: opts.limit ?? 200 },
    format: "JSONEachRow",
  });
  return (await r.json<IncidentRow>()).map(clean);
}

export async function loadEvaluatorStates(client: Db): Promise<{ deployment: string; state: string }[]> {
  const r = await client.query({
    query: "SELECT deployment, argMax(state, version) AS state FROM evaluator_state GROUP BY deployment",
    format: "JSONEachRow",
  });
  return r.json();
}

/** Takes or renews a named lease; true when `holder` holds it afterwards. */
export async function acquireLease(client: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = Date.now();
  const cur = await (
    await client.query({
      query: `SELECT argMax(holder, version) AS holder, toUnixTimestamp64Milli(argMax(expires_at, version)) AS expires
              FROM leases WHERE name = {name:String}`,
      query_params: { name },
      format: "JSONEachRow",
    })
  ).json<{ holder: string; expires: number }>();
  const held = cur[0] && cur[0].holder !== "" && Number(cur[0].expires) > now;
  if (held && cur[0].holder !== holder) return false;
  await client.insert({ table: "leases", format: "JSONEachRow", values: [{ name, holder, expires_at: chTimeMs(now + ttlMs), version: now * 1000 + Math.floor(Math.random() * 1000) }] });
  // Two replicas may write at once: the newest version decides, and both read it back.
  const after = await (
    await client.query({ query: "SELECT argMax(holder, version) AS holder FROM leases WHERE name = {name:String}", query_params: { name }, format: "JSONEachRow" })
  ).json<{ holder: string }>();
  return after[0]?.holder === holder;
}

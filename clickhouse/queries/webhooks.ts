// Webhook endpoints, the delivery outbox and its attempts.
import type { Db } from "../client";
import { chTimeMs } from "../time";

export interface EndpointRow {
  id: string;
  deployment: string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string;
  events: string[];
  headers: Record<string, string>;
  allow_private: number;
  rate_per_minute: number;
  created_by: string;
  created_at: string;
  disabled: number;
}

const version = () => Date.now() * 1000 + Math.floor(Math.random() * 1000);

export async function putEndpoint(client: Db, e: EndpointRow): Promise<void> {
  await client.insert({ table: "webhook_endpoints", format: "JSONEachRow", values: [{ ...e, version: version() }] });
}

export async function listEndpoints(client: Db): Promise<EndpointRow[]> {
  const r = await client.query({
    query: `SELECT id, argMax(deployment, version) AS deployment, argMax(url, version) AS url,
              argMax(secret_enc, version) AS secret_enc, argMax(previous_secret_enc, version) AS previous_secret_enc,
              argMax(events, version) AS events, argMax(headers, version) AS headers,
              argMax(allow_private, version) AS allow_private, toUInt32(argMax(rate_per_minute, version)) AS rate_per_minute,
              argMax(created_by, version) AS created_by, toString(min(created_at)) AS created_at, argMax(disabled, version) AS disabled
            FROM webhook_endpoints GROUP BY id ORDER BY created_at`,
    format: "JSONEachRow",
  });
  return r.json();
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event: string;
  incident_id: string;
  deployment: string;
  idempotency_key: string;
  payload: string;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  created_at: string;
  first_attempt_at: string | null;
  next_attempt_at: string;
  last_status: number;
  last_error: string;
  last_latency_ms: number;
}

export async function putDelivery(client: Db, d: DeliveryRow): Promise<void> {
  await client.insert({ table: "webhook_deliveries", format: "JSONEachRow", values: [{ ...d, version: version() }] });
}

const LATEST = `SELECT id, argMax(endpoint_id, version) AS endpoint_id, argMax(event, version) AS event,
    argMax(incident_id, version) AS incident_id, argMax(deployment, version) AS deployment,
    argMax(idempotency_key, version) AS idempotency_key, argMax(payload, version) AS payload,
    argMax(state, version) AS state, toUInt32(argMax(attempts, version)) AS attempts,
    toString(min(created_at)) AS created_at, toString(argMax(first_attempt_at, version)) AS first_attempt_at,
    toString(argMax(next_attempt_at, version)) AS next_attempt_at, argMax(webhook_deliveries.next_attempt_at, version) AS next_at, toUInt16(argMax(last_status, version)) AS last_status,
    argMax(last_error, version) AS last_error, toFloat64(argMax(last_latency_ms, version)) AS last_latency_ms
  FROM webhook_deliveries`;

const clean = (d: DeliveryRow & { next_at?: unknown }): DeliveryRow => {
  const { next_at: _, ...row } = d;
  return { ...row, first_attempt_at: row.first_attempt_at && row.first_attempt_at !== "\\N" ? row.first_attempt_at : null };
};

export async function dueDeliveries(client: Db, now: number, limit = 50): Promise<DeliveryRow[]> {
  const r = await client.query({
    query: `SELECT * FROM (${LATEST} GROUP BY id) WHERE state = 'pending' AND next_at <= {now:DateTime64(3, 'UTC')}
            ORDER BY next_at LIMIT {limit:UInt32}`,
    query_params: { now: chTimeMs(now), limit },
    format: "JSONEachRow",
  });
  return (await r.json<DeliveryRow>()).map(clean);
}

export async function getDelivery(client: Db, id: string): Promise<DeliveryRow | null> {
  const r = await client.query({ query: `${LATEST} WHERE id = {id:String} GROUP BY id`, query_params: { id }, format: "JSONEachRow" });
  const [row] = await r.json<DeliveryRow>();
  return row ? clean(row) : null;
}

export async function listDeliveries(client: Db, opts: { deployment?: string; incident?: string; limit?: number } = {}): Promise<DeliveryRow[]> {
  const r = await client.query({
    query: `SELECT * FROM (${LATEST} GROUP BY id)
            WHERE ({d:String} = '' OR deployment = {d:String}) AND ({i:String} = '' OR incident_id = {i:String})
            ORDER BY created_at DESC LIMIT {limit:UInt32}`,
    query_params: { d: opts.deployment ?? "", i: opts.incident ?? "", limit: opts.limit ?? 200 },
    format: "JSONEachRow",
  });
  return (await r.json<DeliveryRow>()).map(clean);
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  ts: string;
  status: number;
  latency_ms: number;
  error: string;
}

export async function appendAttempt(client: Db, a: Omit<AttemptRow, "ts"> & { ts: number }): Promise<void> {
  await client.insert({ table: "webhook_attempts", format: "JSONEachRow", values: [{ ...a, ts: chTimeMs(a.ts) }] });
}

export async function listAttempts(client: Db, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  const r = await client.query({
    query: `SELECT delivery_id, toUInt32(attempt) AS attempt, toString(ts) AS ts, toUInt16(status) AS status, latency_ms, error
            FROM webhook_attempts WHERE delivery_id IN {ids:Array(String)} ORDER BY delivery_id, attempt`,
    query_params: { ids: deliveryIds },
    format: "JSONEachRow",
  });
  return r.json();
}

export async function listAudit(client: Db, opts: { target?: string; limit?: number } = {}): Promise<{ ts: string; actor: string; action: string; target: string; details: string }[]> {
  const r = await client.query({
    query: `SELECT toString(ts) AS ts, actor, action, target, details FROM audit_log
            WHERE {t:String} = '' OR target = {t:String} ORDER BY ts DESC LIMIT {limit:UInt32}`,
    query_params: { t: opts.target ?? "", limit: opts.limit ?? 200 },
    format: "JSONEachRow",
  });
  return r.json();
}

export { chTimeMs };

// Webhook endpoints (list, create, rotate, disable, test) and enqueueing events into the durable
// outbox. Each change is audited.
import crypto from "node:crypto";
import { appendAudit } from "@/clickhouse/queries/users";
import { getDelivery, listEndpoints, putDelivery, putEndpoint, type EndpointRow } from "@/clickhouse/queries/webhooks";
import { chTimeMs } from "@/clickhouse/time";
import { openSecret as open, sealSecret as seal } from "./secrets";
import { deliveryId, EVENT_TYPES, type EventType, type WebhookPayload } from "@/lib/webhooks/payload";
import { resolveDestination, type Resolver } from "./webhook-destination";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { database, wakeDeliveries } from "@/server/runtime/runtime";
import { idempotencyKey } from "@/lib/webhooks/payload";
import { payloadFor } from "./incident-payload";

export interface PublicEndpoint {
  id: string;
  deployment: string;
  url: string;
  events: string[];
  headers: string[];
  allow_private: boolean;
  rate_per_minute: number;
  created_by: string;
  created_at: string;
  disabled: boolean;
  rotating: boolean;
}

/** What the API shows: never the secrets, and header names only. */
export function publicEndpoint(e: EndpointRow): PublicEndpoint {
  return {
    id: e.id,
    deployment: e.deployment,
    url: e.url,
    events: e.events,
    headers: Object.keys(e.headers),
    allow_private: Boolean(e.allow_private),
    rate_per_minute: e.rate_per_minute,
    created_by: e.created_by,
    created_at: e.created_at,
    disabled: Boolean(e.disabled),
    rotating: e.previous_secret_enc !== "",
  };
}

/** Every endpoint as the API and the page show it. */
export async function endpoints(): Promise<PublicEndpoint[]> {
  return (await listEndpoints(await database())).map(publicEndpoint);
}

/** Sends a test event to one endpoint. */
export async function sendTest(endpointId: string, actor: string): Promise<{ deliveries: string[] }> {
  const key = idempotencyKey({ event: "test", requestId: crypto.randomUUID() });
  const deliveries = await enqueue("test", "", key, (deliveryId) => payloadFor({ event: "test", deliveryId, key, deployment: "", incident: null, verdict: null, manifests: { baseline: null, canary: null } }), endpointId);
  if (deliveries.length === 0) throw new ConflictError("the endpoint is disabled or does not take test events");
  await appendAudit(await database(), { actor, action: "webhook.test", target: endpointId });
  await wakeDeliveries();
  return { deliveries };
}

/**
 * Resolves the URL's host and checks every address against the SSRF rules (lib/webhooks/ssrf.ts).
 * At delivery time the worker uses `resolveDestination` itself, to connect to the checked addresses.
 */
export async function checkDestination(url: string, allowPrivate: boolean, resolve?: Resolver): Promise<string | null> {
  const r = await resolveDestination(url, allowPrivate, resolve);
  return r.ok ? null : r.reason;
}

export interface EndpointInput {
  url?: unknown;
  deployment?: unknown;
  events?: unknown;
  headers?: unknown;
  allow_private?: unknown;
  rate_per_minute?: unknown;
}

const FORBIDDEN_HEADERS = /^(host|content-length|content-type|authorization-quantlens|quantlens-.*|transfer-encoding|connection)$/i;

export async function createEndpoint(input: EndpointInput, actor: string): Promise<{ endpoint: PublicEndpoint; secret: string }> {
  if (typeof input.url !== "string") throw new ValidationError("url is required");
  const allowPrivate = input.allow_private === true;
  const problem = await checkDestination(input.url, allowPrivate);
  if (problem) throw new ValidationError(`url rejected: ${problem}`);
  const events = input.events === undefined ? ["incident.opened", "incident.resolved", "rollback.requested", "test"] : input.events;
  if (!Array.isArray(events) || events.length === 0 || !events.every((e) => (EVENT_TYPES as readonly string[]).includes(e))) {
    throw new ValidationError(`events must be a non-empty list of ${EVENT_TYPES.join(", ")}`);
  }
  const headers: Record<string, string> = {};
  if (input.headers !== undefined) {
    if (typeof input.headers !== "object" || input.headers === null || Array.isArray(input.headers)) throw new ValidationError("headers must be an object of name → value");
    for (const [k, v] of Object.entries(input.headers)) {
      if (!/^[A-Za-z0-9-]{1,64}$/.test(k) || FORBIDDEN_HEADERS.test(k)) throw new ValidationError(`header ${JSON.stringify(k.slice(0, 64))} is not allowed`);
      if (typeof v !== "string" || v.length > 1024 || /[\r\n]/.test(v)) throw new ValidationError(`header ${k} must be a single-line string up to 1024 characters`);
      headers[k] = v;
    }
  }
  const rate = input.rate_per_minute === undefined ? 60 : Number(input.rate_per_minute);
  if (!Number.isInteger(rate) || rate < 1 || rate > 6000) throw new ValidationError("rate_per_minute must be an integer from 1 to 6000");
  const deployment = typeof input.deployment === "string" ? input.deployment : "";
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  const row: EndpointRow = {
    id: `wh_${crypto.randomBytes(8).toString("hex")}`,
    deployment,
    url: input.url,
    secret_enc: seal(secret),
    previous_secret_enc: "",
    events: events as string[],
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, seal(v)])),
    allow_private: allowPrivate ? 1 : 0,
    rate_per_minute: rate,
    created_by: actor,
    created_at: chTimeMs(Date.now()),
    disabled: 0,
  };
  await putEndpoint(await database(), row);
  await appendAudit(await database(), { actor, action: "webhook.create", target: row.id, details: { url: row.url, deployment, events } });
  return { endpoint: publicEndpoint(row), secret };
}

async function endpointOrThrow(id: string): Promise<EndpointRow> {
  const e = (await listEndpoints(await database())).find((x) => x.id === id);
  if (!e) throw new NotFoundError(`no webhook endpoint ${JSON.stringify(id)}`);
  return e;
}

/** New secret; the old one keeps signing too until `finishRotation` (both signatures are sent). */
export async function rotateSecret(id: string, actor: string): Promise<{ endpoint: PublicEndpoint; secret: string }> {
  const e = await endpointOrThrow(id);
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  const row = { ...e, previous_secret_enc: e.secret_enc, secret_enc: seal(secret) };
  await putEndpoint(await database(), row);
  await appendAudit(await database(), { actor, action: "webhook.rotate", target: id });
  return { endpoint: publicEndpoint(row), secret };
}

export async function finishRotation(id: string, actor: string): Promise<PublicEndpoint> {
  const e = await endpointOrThrow(id);
  const row = { ...e, previous_secret_enc: "" };
  await putEndpoint(await database(), row);
  await appendAudit(await database(), { actor, action: "webhook.rotation_finished", target: id });
  return publicEndpoint(row);
}

export async function setDisabled(id: string, disabled: boolean, actor: string): Promise<PublicEndpoint> {
  const e = await endpointOrThrow(id);
  const row = { ...e, disabled: disabled ? 1 : 0 };
  await putEndpoint(await database(), row);
  await appendAudit(await database(), { actor, action: disabled ? "webhook.disable" : "webhook.enable", target: id });
  return publicEndpoint(row);
}

export function secretsOf(e: EndpointRow): string[] {
  return [e.secret_enc, e.previous_secret_enc].filter(Boolean).map(open);
}

export function headersOf(e: EndpointRow): Record<string, string> {
  return Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k, open(v)]));
}

/**
 * Writes one pending delivery per matching, enabled endpoint, before any attempt, so a crash
 * cannot lose it. Ids are deterministic: enqueueing the same event twice keeps one delivery.
 */
export async function enqueue(event: EventType, deployment: string, idempotencyKey: string, build: (deliveryId: string) => WebhookPayload, only?: string): Promise<string[]> {
  const client = await database();
  const endpoints = (await listEndpoints(client)).filter(
    (e) => !e.disabled && e.events.includes(event) && (only ? e.id === only : e.deployment === "" || e.deployment === deployment),
  );
  const ids: string[] = [];
  for (const e of endpoints) {
    const id = deliveryId(idempotencyKey, e.id);
    ids.push(id);
    if (await getDelivery(client, id)) continue;
    const now = Date.now();
    await putDelivery(client, {
      id,
      endpoint_id: e.id,
      event,
      incident_id: build(id).incident?.id ?? "",
      deployment,
      idempotency_key: idempotencyKey,
      payload: JSON.stringify(build(id)),
      state: "pending",
      attempts: 0,
      created_at: chTimeMs(now),
      first_attempt_at: null,
      next_attempt_at: chTimeMs(now),
      last_status: 0,
      last_error: "",
      last_latency_ms: 0,
    });
  }
  return ids;
}

// The delivery worker: sends due outbox rows, records every attempt, and schedules retries
// (lib/webhooks/retry.ts). A row is re-read from the outbox after a restart, so a kill -9 in
// the middle of the retries resumes with the same delivery id and idempotency key.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { db } from "@/clickhouse/client";
import { appendAttempt, dueDeliveries, listEndpoints, putDelivery, type DeliveryRow, type EndpointRow } from "@/clickhouse/queries/webhooks";
import { chTimeMs } from "@/clickhouse/time";
import { retryDecision, DEFAULT_RETRY, type AttemptOutcome, type RetryPolicy } from "@/lib/webhooks/retry";
import { signatureHeader } from "@/lib/webhooks/sign";
import { parseChTime } from "@/clickhouse/time";
import type { Destination } from "@/lib/webhooks/ssrf";
import { resolveDestination, type Resolver } from "@/server/services/webhook-destination";
import { headersOf, secretsOf } from "@/server/services/webhooks";
import { RateLimiter } from "@/lib/rate-limit";
import { config } from "@/server/runtime/config";

const MAX_IN_FLIGHT = 8;

function retryPolicy(): RetryPolicy {
  const w = config().webhooks;
  return { ...DEFAULT_RETRY, windowMs: w.retryWindowMs, maxDelayMs: w.maxDelayMs };
}

/** Token bucket per endpoint: rate_per_minute deliveries, bursts up to a tenth of a minute. */
export interface AttemptOptions {
  /** How host names are resolved (tests inject one; default dns.lookup). Called once per attempt. */
  resolve?: Resolver;
}

export type AttemptResult = { outcome: AttemptOutcome; latencyMs: number; refused?: string };

/**
 * One delivery attempt. The host is resolved once, every address is checked against the SSRF
 * rules, and the connection goes to exactly those addresses (a `lookup` that answers only with
 * them), so DNS cannot point somewhere else between the check and the connection. A refused
 * destination is never contacted: the log says "refused by network rules" and which rule, never
 * a connect error, so it cannot be used to probe which internal ports are open.
 */
export async function attempt(d: DeliveryRow, e: EndpointRow, opts: AttemptOptions = {}): Promise<AttemptResult> {
  const started = performance.now();
  // Checked again at send time: DNS may now point somewhere it must not.
  const checked = await resolveDestination(e.url, Boolean(e.allow_private), opts.resolve);
  if (!checked.ok) {
    // A name that does not resolve now may resolve later (a DNS outage, a record being moved):
    // retried with backoff like a connection error. Only the rules' refusals are final.
    if (checked.rule === "dns") return { outcome: { error: checked.reason }, latencyMs: 0 };
    const why = checked.rule === "network" ? `refused by network rules: ${checked.reason}` : `destination refused: ${checked.reason}`;
    return { outcome: { error: why }, latencyMs: 0, refused: why };
  }
  const ts = Math.floor(Date.now() / 1000);
  const headers = {
    ...headersOf(e),
    "content-type": "application/json",
    "user-agent": "Quantlens-Webhook/1",
    "quantlens-event": d.event,
    "quantlens-delivery": d.id,
    "quantlens-timestamp": String(ts),
    "quantlens-signature": signatureHeader(secretsOf(e), ts, d.payload),
    "idempotency-key": d.idempotency_key,
  };
  return send(checked.destination, headers, d.payload, started);
}

function send(dest: Destination, headers: Record<string, string>, body: string, started: number): Promise<AttemptResult> {
  const { url } = dest;
  // The only answer a connection gets when it asks for the host's address: the checked ones.
  const pinned: LookupFunction = (_host, options, callback) => {
    const first = dest.addresses[0];
    if (options.all) callback(null, dest.addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, first.address, first.family);
  };
  const https_ = url.protocol === "https:";
  const timeoutMs = config().webhooks.timeoutMs;
  return new Promise((resolve) => {
    let settled = false;
    let status: { status: number; retryAfter: string | null } | null = null;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, latencyMs: performance.now() - started });
    };
    let req: http.ClientRequest;
    try {
      req = (https_ ? https : http).request({
        method: "POST",
        // An IP in the URL is connected to as checked (an IPv4-mapped address as its IPv4 address);
        // a name stays the host so TLS checks the certificate (and sends SNI) for it.
        host: dest.literal ? dest.addresses[0].address : dest.hostname,
        port: dest.port,
        path: `${url.pathname}${url.search}`,
        lookup: pinned,
        ...(https_ && !dest.literal ? { servername: dest.hostname } : {}),
        // A fresh connection per attempt: a pooled socket could lead to an address checked for
        // another endpoint (or before DNS changed).
        agent: false,
        headers: { ...headers, host: url.host, "content-length": String(Buffer.byteLength(body)) },
      });
    } catch (err) {
      return finish({ error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }); // e.g. a header value Node refuses
    }
    // Redirects are never followed (node:http does not): a 3xx is the attempt's status.
    req.on("response", (res) => {
      status = { status: res.statusCode ?? 0, retryAfter: (res.headers["retry-after"] as string | undefined) ?? null };
      res.on("end", () => finish(status!));
      res.on("error", () => finish(status!));
      res.on("close", () => finish(status!));
      res.resume(); // read and discard the body
    });
    req.on("error", (err) => {
      if (status) return finish(status);
      const e2 = err as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
      finish({ error: e2.code ?? e2.errors?.[0]?.code ?? e2.message });
    });
    timer = setTimeout(() => {
      finish(status ?? { error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.end(body);
  });
}

export class DeliveryWorker {
  /** `active()` says whether this process may deliver (the evaluator lease holder does). */
  constructor(private readonly active: () => boolean = () => true) {}

  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<string>();
  /** Attempts this process made per delivery: a read older than the last attempt is stale. */
  private attemptsSeen = new Map<string, number>();
  // Per endpoint: its rate_per_minute, bursts up to a tenth of a minute.
  private limiter = new RateLimiter(1, 1, 100_000);
  private running = false;

  start(intervalMs = 500): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Look for work now (after an enqueue). */
  kick(): void {
    void this.tick();
  }

  async tick(): Promise<void> {
    if (this.running || !this.active()) return;
    this.running = true;
    try {
      const client = await db();
      const now = Date.now();
      // A read that began before an attempt finished still shows the row as it was: skip it, or
      // the delivery would be sent twice.
      const due = (await dueDeliveries(client, now, 100)).filter((d) => !this.inFlight.has(d.id) && d.attempts >= (this.attemptsSeen.get(d.id) ?? 0));
      if (due.length === 0) return;
      const endpoints = new Map((await listEndpoints(client)).map((e) => [e.id, e]));
      for (const d of due) {
        if (this.inFlight.size >= MAX_IN_FLIGHT) break;
        const e = endpoints.get(d.endpoint_id);
        if (!e || e.disabled) continue;
        if (this.limiter.take(e.id, now, { rate: e.rate_per_minute / 60, burst: Math.max(1, Math.ceil(e.rate_per_minute / 10)) }) > 0) continue;
        this.inFlight.add(d.id);
        // Not awaited: a hanging receiver holds only its own slot, never the loop or the evaluator.
        void this.deliver(d, e).finally(() => this.inFlight.delete(d.id));
      }
    } catch (err) {
      console.error("[webhooks] delivery loop:", (err as Error).message);
    } finally {
      this.running = false;
    }
  }

  private async deliver(d: DeliveryRow, e: EndpointRow): Promise<void> {
    const client = await db();
    const startedAt = Date.now();
    const { outcome, latencyMs, refused } = await attempt(d, e);
    const n = d.attempts + 1;
    this.attemptsSeen.set(d.id, n);
    if (this.attemptsSeen.size > 10_000) this.attemptsSeen.delete(this.attemptsSeen.keys().next().value as string);
    const first = d.first_attempt_at ? parseChTime(d.first_attempt_at) : startedAt;
    const decision = refused ? ({ kind: "dead", reason: refused } as const) : retryDecision(outcome, n, first, Date.now(), retryPolicy());
    const status = "status" in outcome ? outcome.status : 0;
    const error = "error" in outcome ? outcome.error : decision.kind === "delivered" ? "" : decision.reason;
    await appendAttempt(client, { delivery_id: d.id, attempt: n, ts: startedAt, status, latency_ms: latencyMs, error });
    await putDelivery(client, {
      ...d,
      state: decision.kind === "delivered" ? "delivered" : decision.kind === "dead" ? "dead" : "pending",
      attempts: n,
      first_attempt_at: chTimeMs(first),
      next_attempt_at: chTimeMs(decision.kind === "retry" ? Date.now() + decision.delayMs : Date.now()),
      last_status: status,
      last_error: decision.kind === "dead" ? decision.reason : error,
      last_latency_ms: latencyMs,
    });
    if (decision.kind === "dead") console.warn(`[webhooks] delivery ${d.id} to ${e.url} dead-lettered: ${decision.reason}`);
  }
}

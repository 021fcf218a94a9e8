// The delivery worker: sends due outbox rows, records every attempt, and schedules retries
// (lib/webhooks/retry.ts). A row is re-read from the outbox after a restart, so a kill -9 in
// the middle of the retries resumes with the same delivery id and idempotency key.
import { db } from "@/clickhouse/client";
import { appendAttempt, dueDeliveries, listEndpoints, putDelivery, type DeliveryRow, type EndpointRow } from "@/clickhouse/queries/webhooks";
import { chTimeMs } from "@/clickhouse/time";
import { decide, DEFAULT_RETRY, type AttemptOutcome, type RetryPolicy } from "@/lib/webhooks/retry";
import { signatureHeader } from "@/lib/webhooks/sign";
import { parseChTime } from "@/clickhouse/time";
import { checkDestination, headersOf, secretsOf } from "./webhooks";

const TIMEOUT_MS = Number(process.env.QUANTLENS_WEBHOOK_TIMEOUT_MS ?? 10_000);
const MAX_IN_FLIGHT = 8;

function retryPolicy(): RetryPolicy {
  const windowMs = Number(process.env.QUANTLENS_WEBHOOK_RETRY_WINDOW_MS ?? DEFAULT_RETRY.windowMs);
  const maxDelayMs = Number(process.env.QUANTLENS_WEBHOOK_MAX_DELAY_MS ?? DEFAULT_RETRY.maxDelayMs);
  return { ...DEFAULT_RETRY, windowMs, maxDelayMs };
}

/** Token bucket per endpoint: rate_per_minute deliveries, bursts up to a tenth of a minute. */
class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  take(id: string, perMinute: number, now: number): boolean {
    const cap = Math.max(1, Math.ceil(perMinute / 10));
    const b = this.buckets.get(id) ?? { tokens: cap, at: now };
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    this.buckets.set(id, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

export async function attempt(d: DeliveryRow, e: EndpointRow): Promise<{ outcome: AttemptOutcome; latencyMs: number; refused?: string }> {
  const started = performance.now();
  // Checked again at send time: DNS may now point somewhere it must not.
  const refused = await checkDestination(e.url, Boolean(e.allow_private));
  if (refused) return { outcome: { error: refused }, latencyMs: 0, refused: `destination refused: ${refused}` };
  const ts = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(e.url, {
      method: "POST",
      redirect: "manual", // a redirect could lead past the SSRF check
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        ...headersOf(e),
        "content-type": "application/json",
        "user-agent": "Quantlens-Webhook/1",
        "quantlens-event": d.event,
        "quantlens-delivery": d.id,
        "quantlens-timestamp": String(ts),
        "quantlens-signature": signatureHeader(secretsOf(e), ts, d.payload),
        "idempotency-key": d.idempotency_key,
      },
      body: d.payload,
    });
    await res.arrayBuffer().catch(() => undefined);
    return { outcome: { status: res.status, retryAfter: res.headers.get("retry-after") }, latencyMs: performance.now() - started };
  } catch (err) {
    const e2 = err as Error & { cause?: { code?: string } };
    const why = e2.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : (e2.cause?.code ?? e2.message);
    return { outcome: { error: why }, latencyMs: performance.now() - started };
  }
}

export class DeliveryWorker {
  /** `active()` says whether this process may deliver (the evaluator lease holder does). */
  constructor(private readonly active: () => boolean = () => true) {}

  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<string>();
  /** Attempts this process made per delivery: a read older than the last attempt is stale. */
  private attemptsSeen = new Map<string, number>();
  private limiter = new RateLimiter();
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
        if (!this.limiter.take(e.id, e.rate_per_minute, now)) continue;
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
    const decision = refused ? ({ kind: "dead", reason: refused } as const) : decide(outcome, n, first, Date.now(), retryPolicy());
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

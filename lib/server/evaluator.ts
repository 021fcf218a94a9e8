// Continuous evaluation: every few seconds (and soon after ingest writes new rows for a
// deployment) each active deployment gets a verdict over a sliding window; the incident state
// machine (lib/incidents/state.ts) turns the verdict stream into incidents and webhook events.
import os from "node:os";
import { db, dbConfig } from "@/clickhouse/client";
import { manifestVersions } from "@/clickhouse/queries/deployments";
import {
  acquireLease,
  activeDeployments,
  appendVerdict,
  getIncident,
  loadEvaluatorStates,
  putIncident,
  saveEvaluatorState,
  type IncidentRow,
} from "@/clickhouse/queries/incidents";
import { chTimeMs } from "@/clickhouse/time";
import { INITIAL_STATE, step, type IncidentState } from "@/lib/incidents/state";
import { evaluateDeployment } from "@/lib/verdict/evaluate";
import type { Verdict } from "@/lib/verdict/types";
import { idempotencyKey, incidentId, sliceLink, type EventType, type FailingCheck, type ManifestSummary, type WebhookPayload } from "@/lib/webhooks/payload";
import { enqueue } from "./webhooks";

const INTERVAL_MS = Number(process.env.QUANTLENS_EVAL_INTERVAL_MS ?? 5_000);
/** Sliding window judged by the evaluator: recent enough to see a change within seconds. */
export const EVAL_WINDOW_MS = Number(process.env.QUANTLENS_EVAL_WINDOW_S ?? 300) * 1000;
const ACTIVE_MINUTES = 15;
const RECORD_EVERY_MS = 60_000;
const HOLDER = `${os.hostname()}:${process.pid}`;

interface Tracked {
  state: IncidentState;
  passStreak: number;
  lastStatus: string | null;
  lastRecorded: number;
}

export function baseUrl(): string {
  return (process.env.QUANTLENS_PUBLIC_URL || process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/\/$/, "");
}

export function failingChecks(v: Verdict): FailingCheck[] {
  const out: FailingCheck[] = [];
  for (const c of v.cells) {
    for (const k of c.checks) {
      if (k.status !== "fail") continue;
      out.push({ dimension: c.dimension, value: c.value, metric: k.metric, feature: k.feature, status: k.status, critical: k.critical, baseline: k.baseline, canary: k.canary, delta: k.delta, interval: k.interval, allowed: k.allowed, n: k.n, reason: k.reason });
    }
  }
  return out.sort((a, b) => Number(b.critical) - Number(a.critical)).slice(0, 50);
}

export async function manifestsOf(deployment: string): Promise<WebhookPayload["manifests"]> {
  const all = await manifestVersions(await db(), deployment);
  const last = (arm: string): ManifestSummary | null => {
    const m = all.filter((x) => x.arm === arm).at(-1);
    return m ? { model_version: m.model_version, quant_format: m.quant_format, quant_method: m.quant_method, group_size: m.group_size, calibration_dataset: m.calibration_dataset, runtime: m.runtime, hardware: m.hardware } : null;
  };
  return { baseline: last("baseline"), canary: last("canary") };
}

export function payloadFor(p: {
  event: EventType;
  deliveryId: string;
  key: string;
  deployment: string;
  incident: IncidentRow | null;
  verdict: Verdict | null;
  failing: FailingCheck[];
  manifests: WebhookPayload["manifests"];
  requestedBy?: string;
}): WebhookPayload {
  const base = baseUrl();
  return {
    schema: "quantlens.webhook.v1",
    event: p.event,
    delivery_id: p.deliveryId,
    idempotency_key: p.key,
    occurred_at: new Date().toISOString(),
    deployment: p.deployment,
    incident: p.incident ? { id: p.incident.id, status: p.incident.status, opened_at: p.incident.opened_at, resolved_at: p.incident.resolved_at } : null,
    verdict: p.verdict ? { status: p.verdict.status, reason: p.verdict.reason, policy: p.verdict.policy } : null,
    failing_checks: p.failing,
    manifests: p.manifests,
    links: {
      deployment: `${base}/deployments/${encodeURIComponent(p.deployment)}`,
      slice: sliceLink(base, p.deployment, p.failing[0]),
      incident: p.incident ? `${base}/incidents/${p.incident.id}` : null,
    },
    ...(p.requestedBy ? { requested_by: p.requestedBy } : {}),
  };
}

export class Evaluator {
  private tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | null = null;
  private soon = new Set<string>();
  private soonTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private loaded = false;
  /** Whether this process holds the evaluator lease (always, when embedded). */
  private leader = !dbConfig().url;

  constructor(private readonly onEnqueued: () => void = () => undefined) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), INTERVAL_MS);
    void this.tick();
  }

  isLeader(): boolean {
    return this.leader;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.timer = null;
  }

  /** Ingest wrote rows for these deployments: evaluate them within a second. */
  notify(deployments: string[]): void {
    for (const d of deployments) this.soon.add(d);
    this.soonTimer ??= setTimeout(() => {
      this.soonTimer = null;
      const list = [...this.soon];
      this.soon.clear();
      void this.tick(list);
    }, 1_000);
  }

  /** One evaluation round; rounds never overlap. */
  async tick(only?: string[]): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round(only).finally(() => (this.running = null));
    return this.running;
  }

  private async round(only?: string[]): Promise<void> {
    try {
      const client = await db();
      // With a shared server, one replica evaluates; embedded, this process is the only one.
      if (dbConfig().url) {
        this.leader = await acquireLease(client, "evaluator", HOLDER, 3 * INTERVAL_MS);
        if (!this.leader) return;
      }
      if (!this.loaded) {
        for (const s of await loadEvaluatorStates(client)) this.tracked.set(s.deployment, JSON.parse(s.state) as Tracked);
        this.loaded = true;
      }
      const deployments = only ?? (await activeDeployments(client, ACTIVE_MINUTES));
      for (const d of deployments) await this.evaluate(d).catch((err) => console.error(`[evaluator] ${d}:`, (err as Error).message));
    } catch (err) {
      console.error("[evaluator]", (err as Error).message);
    }
  }

  async evaluate(deployment: string, now = Date.now()): Promise<Verdict> {
    const client = await db();
    const verdict = await evaluateDeployment(client, deployment, { from: now - EVAL_WINDOW_MS, to: now, now });
    const t = this.tracked.get(deployment) ?? { state: INITIAL_STATE, passStreak: 0, lastStatus: null, lastRecorded: 0 };
    t.passStreak = verdict.status === "pass" ? t.passStreak + 1 : 0;
    const { state, actions } = step(t.state, verdict.status, now, t.passStreak);
    const failing = failingChecks(verdict);
    if (verdict.status !== t.lastStatus || now - t.lastRecorded >= RECORD_EVERY_MS || actions.length) {
      await appendVerdict(client, {
        deployment,
        evaluated_at: now,
        status: verdict.status,
        score: verdict.score,
        policy_version: verdict.policy.version,
        reason: verdict.reason.slice(0, 2000),
        worst_dimension: verdict.worstCell?.dimension ?? "",
        worst_value: verdict.worstCell?.value ?? "",
        failing: JSON.stringify(failing.slice(0, 10)),
      });
      t.lastRecorded = now;
    }
    for (const a of actions) {
      const id = incidentId(deployment, a.episode);
      if (a.type === "open") {
        const incident: IncidentRow = {
          id,
          deployment,
          episode: a.episode,
          status: "open",
          opened_at: chTimeMs(now),
          resolved_at: null,
          acknowledged_by: "",
          acknowledged_at: null,
          policy_version: verdict.policy.version,
          reason: verdict.reason.slice(0, 2000),
          evidence: JSON.stringify({ verdict: { status: verdict.status, reason: verdict.reason, policy: verdict.policy, window: verdict.window }, failing }),
        };
        await this.emit("incident.opened", deployment, incident, verdict, failing);
        await putIncident(client, incident);
      } else {
        const open = await getIncident(client, id);
        const incident: IncidentRow = open
          ? { ...open, status: "resolved", resolved_at: chTimeMs(now) }
          : { id, deployment, episode: a.episode, status: "resolved", opened_at: chTimeMs(now), resolved_at: chTimeMs(now), acknowledged_by: "", acknowledged_at: null, policy_version: verdict.policy.version, reason: verdict.reason, evidence: "{}" };
        await this.emit("incident.resolved", deployment, incident, verdict, failing);
        await putIncident(client, incident);
      }
    }
    t.state = state;
    t.lastStatus = verdict.status;
    this.tracked.set(deployment, t);
    if (actions.length || t.passStreak <= 1) await saveEvaluatorState(client, deployment, t);
    return verdict;
  }

  private async emit(event: EventType, deployment: string, incident: IncidentRow, verdict: Verdict, failing: FailingCheck[]): Promise<void> {
    const key = idempotencyKey({ incidentId: incident.id, event });
    const manifests = await manifestsOf(deployment);
    await enqueue(event, deployment, key, (deliveryId) => payloadFor({ event, deliveryId, key, deployment, incident, verdict, failing, manifests }));
    this.onEnqueued();
  }
}

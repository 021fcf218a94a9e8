// Continuous judgment: reads the feed of request pairs in arrival order, carries each
// deployment's evidence forward (lib/judgment), persists every verdict that changes, turns
// failures into incidents and webhook events, and checkpoints its state so that a restart (or
// another replica taking the lease) resumes exactly where it stopped. Its database, clock and
// outbox are injected, so tests and the simulation run this very class.
import type { FeedBatch } from "@/clickhouse/queries/judgment";
import type { IncidentRow } from "@/clickhouse/queries/incidents";
import { INITIAL_STATE, step as incidentStep, type IncidentState } from "@/lib/incidents/state";
import {
  decodeState,
  encodeState,
  judgedChecks,
  listFailingCells,
  newEpoch,
  noteStatus,
  recovered,
  step as judge,
  summaryOf,
  verdictOf,
  type DeploymentState,
  type EpochReason,
  type PairRecord,
  type StepContext,
  type Summary,
  type Verdict,
} from "@/lib/judgment";
import { advisoryChecks, type DriftRow, type MemoryRow } from "@/lib/judgment/advisory";
import type { CheckVerdict } from "@/lib/judgment/types";
import { resolveChecks, type Policy } from "@/lib/policy";
import { failingChecks, type EventType, type WebhookPayload } from "@/lib/webhooks/payload";
import { idempotencyKey, incidentId } from "@/lib/webhooks/payload";

export interface EvaluatorStore {
  readFeed(cursor: Record<string, number>, sinceSeconds: number, limit: number): Promise<{ batches: FeedBatch[]; truncated: boolean }>;
  /** The deployment's policy; `key` names the stored document (scope and version). */
  policyFor(deployment: string): Promise<{ policy: Policy; version: number; key: string }>;
  /** The last checkpoint: one encoded state per deployment, and the feed cursor under "". */
  loadCheckpoint(): Promise<{ deployment: string; state: string }[]>;
  saveCheckpoint(rows: { deployment: string; state: string }[]): Promise<void>;
  putVerdicts(verdicts: Verdict[]): Promise<void>;
  getIncident(id: string): Promise<IncidentRow | null>;
  putIncident(row: IncidentRow): Promise<void>;
  /** Whether this process may evaluate (holds the lease); always true when embedded. */
  lease(): Promise<boolean>;
  /** Per-minute memory and drift aggregates of [from, to) for the advisory checks. */
  advisoryInputs(deployment: string, from: number, to: number): Promise<{ memory: MemoryRow[]; drift: DriftRow[] }>;
}

export type Enqueue = (event: EventType, deployment: string, key: string, payload: (deliveryId: string) => WebhookPayload) => Promise<unknown>;

export interface EvaluatorDeps {
  store: EvaluatorStore;
  clock: () => number;
  enqueue: Enqueue;
  /** Builds the payload of an incident event (links, manifests): the process supplies it. */
  payload: (p: { event: EventType; deliveryId: string; key: string; deployment: string; incident: IncidentRow; verdict: Verdict }) => Promise<WebhookPayload> | WebhookPayload;
  onEnqueued?: () => void;
  log?: (msg: string) => void;
}

export interface EvaluatorOptions {
  /** Evaluate at least this often (ms) and at most every minIntervalMs when notified. */
  intervalMs: number;
  minIntervalMs: number;
  /** Persist a verdict at least this often while pairs arrive, even when nothing changed. */
  verdictEveryMs: number;
  checkpointEveryMs: number;
  /** How long a writer's missing batch is waited for before it is counted lost. */
  gapWaitMs: number;
  /** Rows read per round at most. */
  readLimit: number;
  /** Policies are re-read this often. */
  policyTtlMs: number;
  /** Advisory checks are recomputed from the aggregates this often. */
  advisoryEveryMs: number;
}

export const DEFAULT_EVALUATOR_OPTIONS: EvaluatorOptions = {
  intervalMs: 1_000,
  minIntervalMs: 100,
  verdictEveryMs: 30_000,
  checkpointEveryMs: 30_000,
  gapWaitMs: 30_000,
  readLimit: 200_000,
  policyTtlMs: 5_000,
  advisoryEveryMs: 60_000,
};

/** What one deployment keeps between rounds (and in the checkpoint). */
interface Tracked {
  judgment: DeploymentState;
  incident: IncidentState;
  /** The last persisted verdict's shape: a new one is written when it changes. */
  persisted: { key: string; at: number } | null;
  /** Pairs were judged since the last persisted verdict (it is rewritten within verdictEveryMs). */
  unpersisted?: boolean;
  /** Set by an operator's resolve request, consumed by the next round. */
  resolveRequested?: string;
  /** Advisory checks (memory, drift) over the epoch, refreshed every advisoryEveryMs. */
  advisory?: { at: number; byCell: Record<string, CheckVerdict[]> };
}

interface Cursor {
  seq: Record<string, number>;
  /** Server time (epoch s) of the newest batch read: the next read starts a margin before it. */
  created: number;
  /** Batches counted lost per writer (a gap that never filled). */
  lost: number;
}

// Batches commit within seconds of their created_at: re-read a minute back, and filter by cursor.
const READ_MARGIN_S = 60;
const HISTORY_S = 3 * 86_400;

export class Evaluator {
  private tracked = new Map<string, Tracked>();
  private cursor: Cursor = { seq: {}, created: 0, lost: 0 };
  private gapSince = new Map<string, number>();
  private policies = new Map<string, { policy: Policy; version: number; key: string; at: number }>();
  private loaded = false;
  private leader = false;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private lastRoundAt = 0;
  private lastCheckpoint = 0;
  private dirty = new Set<string>();
  private latest = new Map<string, Verdict>();
  readonly opts: EvaluatorOptions;

  constructor(
    private readonly deps: EvaluatorDeps,
    opts: Partial<EvaluatorOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EVALUATOR_OPTIONS, ...opts };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.timer = null;
    this.soonTimer = null;
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** New pairs were stored, or an operator acted: evaluate now (rounds are at least minIntervalMs apart). */
  notify(operator = false): void {
    if (operator) this.pollSoon = true;
    if (this.soonTimer) return;
    const wait = Math.max(0, this.lastRoundAt + this.opts.minIntervalMs - this.deps.clock());
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.tick();
    }, wait);
  }

  /** Counts for /api/health: no names. */
  stats(): { leader: boolean; deployments: number; rounds: number; lastRoundAgeMs: number | null; lostBatches: number } {
    return { leader: this.leader, deployments: this.tracked.size, rounds: this.rounds, lastRoundAgeMs: this.lastRoundAt ? this.deps.clock() - this.lastRoundAt : null, lostBatches: this.cursor.lost };
  }

  private rounds = 0;

  /** The newest verdict this process computed (tests; pages read the persisted one). */
  latestVerdict(deployment: string): Verdict | undefined {
    return this.latest.get(deployment);
  }

  /** One round; rounds never overlap, and a round asked for during one runs right after it. */
  async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.round().catch((err) => this.log(`round failed: ${(err as Error).message}`));
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  private log(msg: string): void {
    (this.deps.log ?? ((m: string) => console.error(`[evaluator] ${m}`)))(msg);
  }

  private async round(): Promise<void> {
    this.leader = await this.deps.store.lease();
    if (!this.leader) {
      // Another replica judges: forget local state, it will be reloaded from its checkpoint.
      this.loaded = false;
      return;
    }
    if (!this.loaded) await this.load();
    const now = this.deps.clock();
    this.lastRoundAt = now;
    this.rounds++;
    const since = this.cursor.created ? this.cursor.created - READ_MARGIN_S : now / 1000 - HISTORY_S;
    const { batches, truncated } = await this.deps.store.readFeed(this.cursor.seq, since, this.opts.readLimit);
    const records = this.inOrder(batches, now);
    const byDeployment = new Map<string, PairRecord[]>();
    for (const r of records) {
      const list = byDeployment.get(r.deployment);
      if (list) list.push(r);
      else byDeployment.set(r.deployment, [r]);
    }
    await this.pollResolveRequests(now);
    for (const [d, t] of this.tracked) {
      if (byDeployment.has(d)) continue;
      // An operator's request, or evidence judged but not yet persisted (traffic stopped).
      const stale = t.unpersisted && (!t.persisted || now - t.persisted.at >= this.opts.verdictEveryMs);
      if (t.resolveRequested || stale) byDeployment.set(d, []);
    }
    const verdicts: Verdict[] = [];
    let acted = false;
    for (const [deployment, recs] of byDeployment) {
      try {
        const r = await this.evaluate(deployment, recs, now);
        if (r.verdict) verdicts.push(r.verdict);
        acted ||= r.acted;
      } catch (err) {
        this.log(`${deployment}: ${(err as Error).message}`);
      }
    }
    if (verdicts.length) await this.deps.store.putVerdicts(verdicts);
    if (acted || (this.dirty.size && now - this.lastCheckpoint >= this.opts.checkpointEveryMs)) await this.checkpoint(now);
    if (truncated) this.again = true;
  }

  private lastPoll = 0;

  /** Operators resolve through the incident row (any replica may take the request). */
  private async pollResolveRequests(now: number): Promise<void> {
    if (now - this.lastPoll < this.opts.policyTtlMs && !this.pollSoon) return;
    this.lastPoll = now;
    this.pollSoon = false;
    for (const [d, t] of this.tracked) {
      if (t.incident.phase !== "open" || t.resolveRequested) continue;
      const row = await this.deps.store.getIncident(incidentId(d, t.incident.episodes));
      const req = row ? (JSON.parse(row.evidence || "{}") as { resolve_requested?: { by?: string } }).resolve_requested : undefined;
      if (row?.status === "open" && req) t.resolveRequested = req.by ?? "operator";
    }
  }

  private pollSoon = false;

  /** Batches in (writer, seq) order, exactly once; a missing batch is waited for, then skipped. */
  private inOrder(batches: FeedBatch[], now: number): PairRecord[] {
    const out: PairRecord[] = [];
    const blocked = new Set<string>();
    for (const b of batches) {
      if (blocked.has(b.writer)) continue;
      const last = this.cursor.seq[b.writer] ?? 0;
      if (b.seq <= last) continue;
      if (b.seq !== last + 1 && last !== 0) {
        const since = this.gapSince.get(b.writer) ?? now;
        this.gapSince.set(b.writer, since);
        if (now - since < this.opts.gapWaitMs) {
          blocked.add(b.writer);
          continue;
        }
        this.cursor.lost += b.seq - last - 1;
        this.log(`writer ${b.writer}: batches ${last + 1}..${b.seq - 1} never arrived; judged without them`);
      }
      this.gapSince.delete(b.writer);
      this.cursor.seq[b.writer] = b.seq;
      this.cursor.created = Math.max(this.cursor.created, b.created);
      for (const r of b.records) out.push(r);
    }
    return out;
  }

  private async policy(deployment: string, now: number): Promise<{ policy: Policy; version: number; key: string }> {
    const c = this.policies.get(deployment);
    if (c && now - c.at < this.opts.policyTtlMs) return c;
    const p = await this.deps.store.policyFor(deployment);
    this.policies.set(deployment, { ...p, at: now });
    return p;
  }

  private async evaluate(deployment: string, records: PairRecord[], now: number): Promise<{ verdict: Verdict | null; acted: boolean }> {
    const { policy, version, key } = await this.policy(deployment, now);
    const ctx: StepContext = { policy, policyVersion: version, policyKey: key, checks: judgedChecks(policy), now };
    let t = this.tracked.get(deployment);
    let newEpochReason: EpochReason | null = null;
    if (!t) {
      t = { judgment: newEpoch(deployment, ctx, 1, "canary_start"), incident: INITIAL_STATE, persisted: null };
      this.tracked.set(deployment, t);
    } else if (t.judgment.epoch.policyKey !== key) {
      t.judgment = newEpoch(deployment, ctx, t.judgment.epoch.id + 1, "policy_change", t.judgment.epoch.canaryManifest);
      newEpochReason = "policy_change";
    }
    const before = t.judgment.epoch.id;
    t.judgment = judge(t.judgment, records, ctx);
    if (t.judgment.epoch.id !== before) newEpochReason = t.judgment.epoch.reason;
    listFailingCells(t.judgment, ctx);
    let summary = summaryOf(t.judgment, ctx);
    noteStatus(t.judgment, summary.status, now);

    const operator = t.resolveRequested;
    t.resolveRequested = undefined;
    const { state, actions } = incidentStep(
      t.incident,
      {
        failing: summary.status === "fail",
        recovered: t.incident.phase === "open" && recovered(t.judgment, ctx, summary),
        operatorResolve: operator !== undefined,
        newEpoch: newEpochReason,
        epoch: t.judgment.epoch.id,
        resolution: policy.resolution,
      },
      now,
    );
    t.incident = state;
    let verdict: Verdict | null = null;
    for (const a of actions) {
      if (a.type === "open") {
        verdict = verdictOf(t.judgment, ctx, summary, t.advisory?.byCell);
        await this.open(deployment, a.episode, verdict, now);
      } else {
        const closing = verdict ?? verdictOf(t.judgment, ctx, summary, t.advisory?.byCell);
        await this.resolve(deployment, a.episode, a.why, closing, now, operator);
        // Resolved by recovery or an operator: the next evidence is a new test of its own.
        if (a.why !== "canary_replaced") {
          t.judgment = newEpoch(deployment, ctx, t.judgment.epoch.id + 1, a.why === "operator" ? "operator_reset" : "recovered", t.judgment.epoch.canaryManifest);
          summary = summaryOf(t.judgment, ctx);
          noteStatus(t.judgment, summary.status, now);
        }
        verdict = null;
      }
    }
    this.dirty.add(deployment);
    if (!t.advisory || now - t.advisory.at >= this.opts.advisoryEveryMs) {
      const inputs = await this.deps.store.advisoryInputs(deployment, t.judgment.epoch.startedAt, now).catch(() => ({ memory: [], drift: [] }));
      t.advisory = { at: now, byCell: advisoryChecks(resolveChecks(policy), inputs.memory, inputs.drift, { epochStart: t.judgment.epoch.startedAt, now }) };
    }
    const shape = shapeKey(summary, t.judgment.epoch.id);
    const due = !t.persisted || t.persisted.key !== shape || now - t.persisted.at >= this.opts.verdictEveryMs || actions.length > 0;
    if (due) {
      verdict ??= verdictOf(t.judgment, ctx, summary, t.advisory?.byCell);
      t.persisted = { key: shape, at: now };
      t.unpersisted = false;
      this.latest.set(deployment, verdict);
      return { verdict, acted: actions.length > 0 };
    }
    t.unpersisted ||= records.length > 0;
    return { verdict: null, acted: false };
  }

  private async open(deployment: string, episode: number, verdict: Verdict, now: number): Promise<void> {
    const id = incidentId(deployment, episode);
    const incident: IncidentRow = {
      id,
      deployment,
      episode,
      status: "open",
      opened_at: iso(now),
      resolved_at: null,
      acknowledged_by: "",
      acknowledged_at: null,
      policy_version: verdict.policy.version,
      reason: verdict.reason.text.slice(0, 2000),
      evidence: JSON.stringify({ verdict: evidenceOf(verdict), failing: failingChecks(verdict) }),
    };
    await this.emit("incident.opened", deployment, incident, verdict);
    await this.deps.store.putIncident(incident);
  }

  private async resolve(deployment: string, episode: number, why: string, verdict: Verdict, now: number, actor?: string): Promise<void> {
    const id = incidentId(deployment, episode);
    const open = await this.deps.store.getIncident(id);
    const incident: IncidentRow = open
      ? { ...open, status: "resolved", resolved_at: iso(now) }
      : { id, deployment, episode, status: "resolved", opened_at: iso(now), resolved_at: iso(now), acknowledged_by: "", acknowledged_at: null, policy_version: verdict.policy.version, reason: verdict.reason.text, evidence: "{}" };
    const evidence = JSON.parse(incident.evidence || "{}") as Record<string, unknown>;
    incident.evidence = JSON.stringify({ ...evidence, resolution: { why, at: iso(now), ...(actor ? { by: actor } : {}), verdict: evidenceOf(verdict) } });
    await this.emit("incident.resolved", deployment, incident, verdict);
    await this.deps.store.putIncident(incident);
  }

  private async emit(event: EventType, deployment: string, incident: IncidentRow, verdict: Verdict): Promise<void> {
    const key = idempotencyKey({ incidentId: incident.id, event });
    const payload = await this.deps.payload({ event, deliveryId: "", key, deployment, incident, verdict });
    await this.deps.enqueue(event, deployment, key, (deliveryId) => ({ ...payload, delivery_id: deliveryId }));
    this.deps.onEnqueued?.();
  }

  private async load(): Promise<void> {
    this.tracked.clear();
    this.latest.clear();
    for (const row of await this.deps.store.loadCheckpoint()) {
      if (row.deployment === "") this.cursor = decodeState<Cursor>(row.state);
      else this.tracked.set(row.deployment, decodeState<Tracked>(row.state));
    }
    this.loaded = true;
  }

  private async checkpoint(now: number): Promise<void> {
    const rows = [...this.dirty].map((d) => ({ deployment: d, state: encodeState({ ...this.tracked.get(d)!, resolveRequested: undefined, advisory: undefined }) }));
    rows.push({ deployment: "", state: encodeState(this.cursor) });
    await this.deps.store.saveCheckpoint(rows);
    this.dirty.clear();
    this.lastCheckpoint = now;
  }

  /** Writes a checkpoint now (on shutdown). */
  async flush(): Promise<void> {
    if (this.running) await this.running;
    if (this.loaded && this.leader && this.dirty.size) await this.checkpoint(this.deps.clock());
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

/** The persisted verdict is rewritten when any of these change. */
function shapeKey(s: Summary, epoch: number): string {
  return `${epoch}|${s.status}|${s.failing}|${s.marginal}|${s.worst ? `${s.worst.cell}\u0001${s.worst.check}` : ""}`;
}

/** What an incident keeps of the verdict that opened or closed it. */
function evidenceOf(v: Verdict) {
  return { status: v.status, reason: v.reason, worstCell: v.worstCell, policy: v.policy, epoch: v.epoch, evaluatedAt: v.evaluatedAt };
}

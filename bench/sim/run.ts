// One simulated canary on the production path: the server's Evaluator class itself, fed one
// batch of pairs per simulated second through an in-memory store (the feed, checkpoints encoded
// and decoded as the server stores them, incidents, verdicts), re-checked every second. Halfway
// through, the evaluator is replaced by a new one that resumes from the checkpoint, as after a
// restart. A run "fails" when the evaluator opens an incident: the signal rollback hooks get.
import type { FeedBatch } from "@/clickhouse/queries/judgment";
import type { IncidentRow } from "@/clickhouse/queries/incidents";
import { DEFAULT_POLICY, type Policy } from "@/lib/policy";
import type { WebhookPayload } from "@/lib/webhooks/payload";
import { DEFAULT_EVALUATOR_OPTIONS, Evaluator, type EvaluatorStore } from "@/server/workers/evaluator";
import { holdsRegression, LATE_START_S, regressedCell, Traffic, type Scenario } from "@/testkit/traffic";

export interface SimConfig {
  /** Requests per second. */
  rate: number;
  /** Simulated seconds a run lasts unless it fails first. */
  horizonSeconds: number;
}

export interface RunResult {
  scenario: Scenario;
  seed: number;
  /** Simulated seconds from the regression's onset to the incident; null = none. */
  failedAfter: number | null;
  /** Pairs of the regressed cell (arms pairs) judged by then. */
  regressedRequests: number | null;
  /** The verdict's worst cell and metric at the incident. */
  worst: string | null;
  /** Whether the regressed cell is among the failing cells the incident lists. */
  regressedListed: boolean;
  /** Cells listed that hold no regressed traffic (false discoveries). */
  healthyListed: number;
  rounds: number;
  /** The evaluator's last verdict (diagnostics; not sent between workers). */
  verdict?: import("@/lib/judgment").Verdict;
}

const T0 = Date.UTC(2026, 11, 1);

class MemoryStore implements EvaluatorStore {
  batches: FeedBatch[] = [];
  checkpoint = new Map<string, string>();
  incidents = new Map<string, IncidentRow>();
  constructor(private readonly policy: Policy) {}
  async readFeed(cursor: Record<string, number>): Promise<{ batches: FeedBatch[]; truncated: boolean }> {
    const from = cursor.sim ?? 0;
    return { batches: this.batches.filter((b) => b.seq > from), truncated: false };
  }
  async policyFor() {
    return { policy: this.policy, version: 0, key: "sim#0" };
  }
  async loadCheckpoint() {
    return [...this.checkpoint].map(([deployment, state]) => ({ deployment, state }));
  }
  async saveCheckpoint(rows: { deployment: string; state: string }[]) {
    for (const r of rows) this.checkpoint.set(r.deployment, r.state);
  }
  async putVerdicts() {}
  async getIncident(id: string) {
    return this.incidents.get(id) ?? null;
  }
  async putIncident(row: IncidentRow) {
    this.incidents.set(row.id, row);
  }
  async lease() {
    return true;
  }
  async advisoryInputs() {
    return { memory: [], drift: [] };
  }
}

export async function runOne(scenario: Scenario, seed: number, cfg: SimConfig, policy: Policy = DEFAULT_POLICY, keepVerdict = false): Promise<RunResult> {
  const store = new MemoryStore(policy);
  const traffic = new Traffic({ scenario, seed, rate: cfg.rate });
  let now = T0;
  let opened: WebhookPayload | null = null;
  let openedAt: number | null = null;
  let regressedAt = 0;
  const deps = {
    store,
    clock: () => now,
    enqueue: async (event: string, _d: string, _k: string, payload: (id: string) => WebhookPayload) => {
      if (event === "incident.opened" && !opened) {
        opened = payload("sim");
        openedAt = now;
        regressedAt = traffic.regressed;
      }
    },
    payload: (p: { event: string; key: string; deployment: string; incident: IncidentRow; verdict: import("@/lib/judgment").Verdict }) =>
      ({ event: p.event, verdict: { status: p.verdict.status, worst_cell: p.verdict.worstCell }, failing_checks: failingOf(p.verdict) }) as unknown as WebhookPayload,
    log: () => undefined,
  };
  // The server's cadence; rounds are driven by the simulated clock (no timers, no idle waiting).
  const opts = { ...DEFAULT_EVALUATOR_OPTIONS, readLimit: Infinity };
  let evaluator = new Evaluator(deps, opts);
  const restartAt = Math.floor(cfg.horizonSeconds / 2);
  let rounds = 0;
  for (let t = 0; t < cfg.horizonSeconds && !opened; t++) {
    now = T0 + (t + 1) * 1000;
    store.batches = [{ writer: "sim", seq: t + 1, created: Math.floor(now / 1000), records: traffic.second(t, now - 500) }];
    if (t === restartAt) {
      await evaluator.flush();
      evaluator = new Evaluator(deps, opts);
    }
    await evaluator.tick();
    rounds++;
  }
  const onset = scenario === "pair_late" ? LATE_START_S : 0;
  const o = opened as WebhookPayload | null;
  const failing = o?.failing_checks ?? [];
  const r = regressedCell(scenario);
  return {
    scenario,
    seed,
    failedAfter: openedAt === null ? null : (openedAt - T0) / 1000 - onset,
    regressedRequests: openedAt === null ? null : regressedAt,
    worst: o?.verdict?.worst_cell ? `${o.verdict.worst_cell.dimension}=${o.verdict.worst_cell.value} · ${o.verdict.worst_cell.metric}` : null,
    regressedListed: !!r && failing.some((f) => f.dimension !== "" && holdsRegression(scenario, f.dimension, f.value)),
    healthyListed: new Set(failing.filter((f) => !holdsRegression(scenario, f.dimension, f.value)).map((f) => `${f.dimension}=${f.value}`)).size,
    rounds,
    ...(keepVerdict ? { verdict: evaluator.latestVerdict("sim") } : {}),
  };
}

function failingOf(v: import("@/lib/judgment").Verdict) {
  return v.cells.flatMap((c) => c.checks.filter((k) => k.status === "fail").map((k) => ({ dimension: c.dimension, value: c.value, metric: k.metric })));
}

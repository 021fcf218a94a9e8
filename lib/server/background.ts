// The background services of the server process: the evaluator and the delivery worker.
import { db, dbConfig } from "@/clickhouse/client";
import { DeliveryWorker } from "./delivery";
import { DEFAULT_EVALUATOR_OPTIONS, Evaluator } from "./evaluator";
import { manifestsOf, payloadFor } from "./incident-payload";
import { clickhouseStore } from "./judgment-store";
import type { Runtime } from "./runtime";
import { enqueue } from "./webhooks";

interface Services {
  worker: DeliveryWorker;
  evaluator: Evaluator;
}

const holder = ((globalThis as Record<string, unknown>).__quantlensBackground ??= {}) as { services?: Services };

const intervalMs = Number(process.env.QUANTLENS_EVAL_INTERVAL_MS ?? DEFAULT_EVALUATOR_OPTIONS.intervalMs);

export async function startBackground(rt: Runtime): Promise<Services> {
  if (holder.services) return holder.services;
  const client = await db();
  // One replica delivers: the one holding the evaluator lease.
  const ref: { evaluator?: Evaluator } = {};
  const worker = new DeliveryWorker(() => ref.evaluator?.isLeader() ?? false);
  const evaluator = (ref.evaluator = new Evaluator(
    {
      store: clickhouseStore(client, dbConfig().url ? Math.max(3 * intervalMs, 5_000) : null),
      clock: Date.now,
      enqueue: (event, deployment, key, payload) => enqueue(event, deployment, key, payload),
      payload: async (p) => payloadFor({ ...p, manifests: await manifestsOf(p.deployment) }),
      onEnqueued: () => worker.kick(),
    },
    { intervalMs },
  ));
  rt.feed.onStored(() => evaluator.notify());
  worker.start();
  evaluator.start();
  holder.services = { worker, evaluator };
  return holder.services;
}

export async function stopBackground(): Promise<void> {
  const s = holder.services;
  holder.services = undefined;
  if (!s) return;
  s.worker.stop();
  s.evaluator.stop();
  await s.evaluator.flush().catch(() => undefined);
}

/** The running evaluator of this process, if any (operator actions reach it directly). */
export function runningEvaluator(): Evaluator | undefined {
  return holder.services?.evaluator;
}

/** Wake the delivery worker after an enqueue (no-op outside the server process). */
export function kickDeliveries(): void {
  holder.services?.worker.kick();
}

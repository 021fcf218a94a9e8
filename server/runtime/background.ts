// The background work of the server process: the evaluator and the delivery worker. One replica
// delivers: the one holding the evaluator lease.
import { db } from "@/clickhouse/client";
import { DeliveryWorker } from "@/server/workers/delivery";
import { Evaluator } from "@/server/workers/evaluator";
import { clickhouseStore } from "@/server/workers/judgment-store";
import { manifestsOf, payloadFor } from "@/server/services/incident-payload";
import { enqueue } from "@/server/services/webhooks";
import type { Runtime } from "./runtime";

export interface Background {
  worker: DeliveryWorker;
  evaluator: Evaluator;
  stop(): Promise<void>;
}

/** Starts the evaluator and the delivery worker on the runtime (once). */
export async function startBackground(rt: Runtime): Promise<Background> {
  if (rt.background) return rt.background;
  const client = await db();
  const { intervalMs } = rt.config.evaluator;
  const ref: { evaluator?: Evaluator } = {};
  const worker = new DeliveryWorker(() => ref.evaluator?.isLeader() ?? false);
  const evaluator = (ref.evaluator = new Evaluator(
    {
      store: clickhouseStore(client, rt.config.db.url ? Math.max(3 * intervalMs, 5_000) : null),
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
  rt.background = {
    worker,
    evaluator,
    async stop() {
      worker.stop();
      evaluator.stop();
      await evaluator.flush().catch(() => undefined);
    },
  };
  return rt.background;
}


// The background services of the server process: the evaluator and the delivery worker.
import { DeliveryWorker } from "./delivery";
import { Evaluator } from "./evaluator";
import type { Runtime } from "./runtime";

interface Services {
  worker: DeliveryWorker;
  evaluator: Evaluator;
}

const holder = ((globalThis as Record<string, unknown>).__quantlensBackground ??= {}) as { services?: Services };

export function startBackground(rt: Runtime): Services {
  if (holder.services) return holder.services;
  // One replica delivers: the one holding the evaluator lease.
  const ref: { evaluator?: Evaluator } = {};
  const worker = new DeliveryWorker(() => ref.evaluator?.isLeader() ?? false);
  const evaluator = (ref.evaluator = new Evaluator(() => worker.kick()));
  rt.pipeline.onFlushed((deployments) => evaluator.notify(deployments));
  worker.start();
  evaluator.start();
  holder.services = { worker, evaluator };
  return holder.services;
}

export function stopBackground(): void {
  holder.services?.worker.stop();
  holder.services?.evaluator.stop();
  holder.services = undefined;
}

/** Wake the delivery worker after an enqueue (no-op outside the server process). */
export function kickDeliveries(): void {
  holder.services?.worker.kick();
}

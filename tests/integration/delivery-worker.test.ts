// The delivery worker in-process against the real embedded ClickHouse and a loopback receiver.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DeliveryWorker } from "@/server/workers/delivery";
import { runtime } from "@/server/runtime/runtime";
import { sendTest } from "@/server/services/webhooks";
import { createEndpoint } from "@/server/services/webhooks";
import { verify } from "@/lib/webhooks/sign";
import { startReceiver, waitFor, type Receiver } from "@/testkit/receiver";

let r: Receiver;
beforeAll(async () => {
  process.env.QUANTLENS_SECRET_KEY ??= "integration-test-key";
  await runtime();
  r = await startReceiver();
});
afterAll(async () => r.close());

it("delivers each event exactly once while the worker ticks constantly, signed with the endpoint's secret", async () => {
  // A slow receiver widens the window in which a tick can read a row that is being delivered.
  r.respond = () => 200;
  const { endpoint, secret } = await createEndpoint({ url: r.url, allow_private: true, events: ["test"], rate_per_minute: 6000 }, "test");
  const slow = r.respond;
  r.respond = (x) => {
    const until = Date.now() + 150;
    while (Date.now() < until); // hold the response
    return slow(x);
  };
  const worker = new DeliveryWorker();
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(...(await sendTest(endpoint.id, "test")).deliveries);
  const hammer = setInterval(() => void worker.tick(), 15);
  try {
    await waitFor("all deliveries", () => new Set(r.received.map((x) => x.headers["quantlens-delivery"])).size >= ids.length || undefined, 60_000);
    await new Promise((res) => setTimeout(res, 1_500));
  } finally {
    clearInterval(hammer);
  }
  const counts = new Map<string, number>();
  for (const x of r.received) counts.set(String(x.headers["quantlens-delivery"]), (counts.get(String(x.headers["quantlens-delivery"])) ?? 0) + 1);
  expect([...counts.keys()].sort()).toEqual([...ids].sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  const first = r.received[0];
  expect(verify(secret, String(first.headers["quantlens-signature"]), Number(first.headers["quantlens-timestamp"]), first.body)).toBe(true);
});

import { afterEach, describe, expect, it } from "vitest";
import { EventLoopMonitor } from "@/server/runtime/event-loop";

let monitor: EventLoopMonitor | null = null;
afterEach(() => monitor?.stop());

describe("EventLoopMonitor", () => {
  it("sees a blocked thread as busy and its timers as late", async () => {
    monitor = new EventLoopMonitor(1000);
    expect(monitor.stats()).toEqual({ utilization: 0, delayP99Ms: 0 });
    await new Promise((r) => setTimeout(r, 100));
    const until = performance.now() + 600;
    while (performance.now() < until) {
      /* hold the thread, as a large decode does */
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const s = monitor.stats();
    // Lower bounds only: a noisy machine can make them larger, never smaller.
    expect(s.utilization).toBeGreaterThanOrEqual(0.4);
    expect(s.delayP99Ms).toBeGreaterThanOrEqual(400);
  });
});

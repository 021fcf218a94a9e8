// How busy the server's one JS thread is: utilization over the last second and the p99 delay
// of timers, for /api/health. Requests wait for this thread before any handler runs, so in
// overload it explains latency that admission control cannot see.
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from "node:perf_hooks";

export interface EventLoopStats {
  /** Share of the last second the thread was busy, 0..1. */
  utilization: number;
  /** p99 timer delay over the last second, ms. */
  delayP99Ms: number;
}

export class EventLoopMonitor {
  private histogram = monitorEventLoopDelay({ resolution: 20 });
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private current: EventLoopStats = { utilization: 0, delayP99Ms: 0 };
  private timer: NodeJS.Timeout;

  constructor(intervalMs = 1000) {
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stats(): EventLoopStats {
    return this.current;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private sample(): void {
    const now = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    this.current = { utilization: Math.round(delta.utilization * 1000) / 1000, delayP99Ms: Math.round(this.histogram.percentile(99) / 1e6) };
    this.histogram.reset();
  }
}

// Cumulative → delta conversion for metric series, per process and bounded in size.
// A series seen for the first time, or restarted (new start time or a drop), counts whole.
import type { DeltaTracker } from "./map/metrics";

export class CumulativeDeltas implements DeltaTracker {
  private last = new Map<string, { start: bigint; values: number[] }>();
  constructor(private readonly maxSeries = 100_000) {}

  delta(series: string, startNs: bigint, values: number[]): number[] {
    const prev = this.last.get(series);
    this.last.delete(series); // re-insert keeps Map order as least-recently-used first
    this.last.set(series, { start: startNs, values });
    if (this.last.size > this.maxSeries) this.last.delete(this.last.keys().next().value as string);
    if (!prev || prev.start !== startNs || prev.values.length !== values.length) return values;
    if (values.some((v, i) => v < prev.values[i])) return values;
    return values.map((v, i) => v - prev.values[i]);
  }
}

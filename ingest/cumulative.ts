// Cumulative → delta conversion for metric series, per process. A series seen for the first time,
// or restarted (new start time or a drop), counts whole. A point no later than the last one of its
// series (a retry that arrives after a newer export) counts zero: the newer total holds it.
//
// Bounded in memory three ways (docs/semconv.md, "Limits"):
//   - series keys longer than 256 characters are kept as a SHA-256 digest (a key holds every
//     attribute of the point: 30 keys of megabyte-sized attributes used to pin ~45 MiB);
//   - at most `maxSeriesPerDeployment` series per deployment and `maxSeries` in total. A new
//     series past a cap takes the place of the least recently updated one only if that one has
//     been idle for `idleMs`; otherwise the new series' point is refused (the mapper rejects it
//     in partial_success). Evicting an active series instead would count its whole running total
//     again as a delta the next time it reports: an overcount, silent, in someone else's chart;
//   - histogram points carry at most LIMITS.histogramBuckets buckets (checked by the mapper).
// Every eviction and refusal is counted for /api/health and the deployment page.
import crypto from "node:crypto";
import type { DeltaTracker } from "./map/metrics";
import { LIMITS } from "@/lib/limits";

export interface CumulativeOptions {
  maxSeries: number;
  maxSeriesPerDeployment: number;
  /** Values (sum + buckets) one series may hold. */
  maxValues: number;
  /** A series not updated for this long may make room for a new one. */
  idleMs: number;
  now: () => number;
}

export const DEFAULT_CUMULATIVE_OPTIONS: CumulativeOptions = {
  maxSeries: 100_000,
  maxSeriesPerDeployment: 5_000,
  maxValues: LIMITS.histogramBuckets + 1,
  idleMs: 10 * 60_000,
  now: Date.now,
};

const MAX_KEY_CHARS = 256;

interface Entry {
  key: string;
  deployment: string;
  start: bigint;
  time: bigint;
  values: number[];
  at: number;
}

/** What one request changed, so a request whose rows were not stored can be undone. */
export type DeltaJournal = { key: string; prev: Entry | undefined; set: Entry }[];

export interface CumulativeStats {
  series: number;
  deployments: number;
  /** Idle series dropped to make room for new ones. */
  evicted: number;
  /** Points of new series refused because a cap was reached with every series active. */
  refused: number;
  /** Characters of series keys and values held: the state's size, roughly (8 bytes a value). */
  keyChars: number;
  values: number;
}

export class CumulativeDeltas implements DeltaTracker {
  // Maps iterate in insertion order; re-inserting on update keeps the least recently used first.
  private all = new Map<string, Entry>();
  private byDeployment = new Map<string, Map<string, Entry>>();
  private refusedBy = new Map<string, number>();
  private evicted = 0;
  private refused = 0;
  private keyChars = 0;
  private valueCount = 0;
  private readonly opts: CumulativeOptions;

  constructor(opts: Partial<CumulativeOptions> | number = {}) {
    // A number is the total series cap (the original signature).
    this.opts = typeof opts === "number" ? { ...DEFAULT_CUMULATIVE_OPTIONS, maxSeries: opts } : { ...DEFAULT_CUMULATIVE_OPTIONS, ...opts };
  }

  /** Deltas for this point, or null when a cap refuses a new series. */
  delta(deployment: string, series: string, startNs: bigint, timeNs: bigint, values: number[], journal?: DeltaJournal): number[] | null {
    if (values.length > this.opts.maxValues) return this.refuse(deployment);
    const raw = `${deployment}\u0000${series}`;
    const key = raw.length > MAX_KEY_CHARS ? `${deployment}\u0000#${crypto.createHash("sha256").update(series).digest("base64url")}` : raw;
    const now = this.opts.now();
    const prev = this.all.get(key);
    if (prev && prev.start === startNs && timeNs <= prev.time && prev.values.length === values.length) return values.map(() => 0);
    if (!prev) {
      const own = this.byDeployment.get(deployment);
      if (own && own.size >= this.opts.maxSeriesPerDeployment && !this.evictIdle(own, now)) return this.refuse(deployment);
      if (this.all.size >= this.opts.maxSeries && !this.evictIdle(this.all, now)) return this.refuse(deployment);
    }
    const entry: Entry = { key, deployment, start: startNs, time: timeNs, values, at: now };
    this.put(entry, this.byDeployment.get(deployment));
    journal?.push({ key, prev, set: entry });
    if (!prev || prev.start !== startNs || prev.values.length !== values.length) return values;
    for (let i = 0; i < values.length; i++) if (values[i] < prev.values[i]) return values;
    return values.map((v, i) => v - prev.values[i]);
  }

  /** Undoes a request's changes (newest first) where no later request has moved the series on. */
  rollback(journal: DeltaJournal): void {
    for (let i = journal.length - 1; i >= 0; i--) {
      const { key, prev, set } = journal[i];
      if (this.all.get(key) !== set) continue;
      this.remove(set);
      if (prev) this.put(prev, this.byDeployment.get(prev.deployment));
    }
  }

  stats(): CumulativeStats {
    return { series: this.all.size, deployments: this.byDeployment.size, evicted: this.evicted, refused: this.refused, keyChars: this.keyChars, values: this.valueCount };
  }

  /** One deployment's series and refusals since start. */
  counts(deployment: string): { series: number; refused: number } {
    return { series: this.byDeployment.get(deployment)?.size ?? 0, refused: this.refusedBy.get(deployment) ?? 0 };
  }

  private refuse(deployment: string): null {
    this.refused++;
    this.refusedBy.set(deployment, (this.refusedBy.get(deployment) ?? 0) + 1);
    return null;
  }

  private put(entry: Entry, own: Map<string, Entry> | undefined): void {
    if (!own) this.byDeployment.set(entry.deployment, (own = new Map()));
    const old = this.all.get(entry.key);
    if (old) this.forget(old);
    this.all.delete(entry.key);
    own.delete(entry.key);
    this.keyChars += entry.key.length;
    this.valueCount += entry.values.length;
    this.all.set(entry.key, entry);
    own.set(entry.key, entry);
  }

  private forget(entry: Entry): void {
    this.keyChars -= entry.key.length;
    this.valueCount -= entry.values.length;
  }

  private remove(entry: Entry): void {
    if (this.all.get(entry.key) === entry) this.forget(entry);
    this.all.delete(entry.key);
    const own = this.byDeployment.get(entry.deployment);
    if (!own) return;
    own.delete(entry.key);
    if (own.size === 0) this.byDeployment.delete(entry.deployment);
  }

  /** Drops the least recently updated series of `map` if it has been idle long enough. */
  private evictIdle(map: Map<string, Entry>, now: number): boolean {
    const oldest = map.values().next().value as Entry | undefined;
    if (!oldest || now - oldest.at < this.opts.idleMs) return false;
    this.remove(oldest);
    this.evicted++;
    return true;
  }
}

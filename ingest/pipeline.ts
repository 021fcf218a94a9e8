// decode → validate/map → batch write, independent of any web framework.
import type { ManifestRow, TableRows } from "@/clickhouse/rows";
import { chTimeMs } from "@/clickhouse/time";
import { CumulativeDeltas, type CumulativeOptions, type CumulativeStats, type DeltaJournal } from "./cumulative";
import { mapLogs } from "./map/logs";
import { mapMetrics } from "./map/metrics";
import type { Origin } from "./map/resource";
import { MapResult } from "./map/result";
import { mapTraces } from "./map/traces";
import type { Decoded } from "./otlp/types";
import type { JudgeFeed } from "./judge-feed";
import { SliceCap, type CardinalityCounts, type CardinalityTotals } from "./slice-cap";
import { defaultTimeWindow, TimeRule, type TimeWindowOptions } from "./map/time-window";
import { makeRowsWellFormed } from "./well-formed";
import type { BatchWriter } from "./writer";

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  message: string;
  deployments: string[];
  /** Every table of this request had been stored by an earlier attempt: nothing was written. */
  duplicate: boolean;
}

export interface PipelineOptions {
  time: Partial<TimeWindowOptions>;
  cumulative: Partial<CumulativeOptions>;
}

/** Cardinality caps in force and what they folded, dropped or refused since start (counts only). */
export interface CardinalityStats {
  limits: { valuesPerDimension: number; dimensionsPerDeployment: number; featuresPerDeployment: number };
  slices: CardinalityTotals;
  cumulative: CumulativeStats;
}

/** One deployment's share, for its page. */
export interface DeploymentCardinality extends CardinalityCounts {
  limits: CardinalityStats["limits"];
  cumulativeSeries: number;
  cumulativeRefused: number;
}

export class IngestPipeline {
  readonly sliceCap = new SliceCap();
  private deltas: CumulativeDeltas;
  private readonly time: TimeWindowOptions;
  /** Strings stored with U+FFFD in place of lone surrogates, since start. */
  private replacedStrings = 0;
  /** Manifest fingerprints already stored, per deployment and arm, with the earliest data time stored (ms). */
  private manifests = new Map<string, number>();

  /** `feed`: where durable pairs go for the judgment (none in tools that only write rows). */
  constructor(
    private readonly writer: BatchWriter,
    readonly feed: JudgeFeed | null = null,
    opts: Partial<PipelineOptions> = {},
  ) {
    this.time = { ...defaultTimeWindow(), ...opts.time };
    this.deltas = new CumulativeDeltas(opts.cumulative);
  }

  /** `data_ms`: the earliest data time stored for the fingerprint (absent: never stored earlier again). */
  seedManifests(rows: { deployment: string; arm: string; fingerprint: string; data_ms?: number }[]): void {
    for (const r of rows) this.manifests.set(`${r.deployment}\u0000${r.arm}\u0000${r.fingerprint}`, r.data_ms === undefined ? -Infinity : Number(r.data_ms));
  }

  /** `journal` collects the cumulative-series changes, so a request that is not stored can undo them. */
  map(decoded: Decoded, journal?: DeltaJournal): MapResult {
    const time = new TimeRule(this.time);
    switch (decoded.signal) {
      case "traces":
        return mapTraces(decoded, this.sliceCap, time);
      case "logs":
        return mapLogs(decoded, this.sliceCap, time);
      case "metrics":
        return mapMetrics(decoded, this.sliceCap, { delta: (d, s, st, t, v) => this.deltas.delta(d, s, st, t, v, journal) }, time);
    }
  }

  cardinalityStats(): CardinalityStats {
    const { valuesPerDimension, dimensionsPerDeployment, featuresPerDeployment } = this.sliceCap.limits;
    return { limits: { valuesPerDimension, dimensionsPerDeployment, featuresPerDeployment }, slices: this.sliceCap.totals(), cumulative: this.deltas.stats() };
  }

  /** What the caps did to one deployment since start; null when nothing was folded, dropped or refused. */
  deploymentCardinality(deployment: string): DeploymentCardinality | null {
    const c = this.sliceCap.counts(deployment);
    const m = this.deltas.counts(deployment);
    if (!(c?.foldedValues || c?.droppedDimensions || c?.droppedFeatures || m.refused)) return null;
    return {
      ...(c ?? { dimensions: 0, dimensionsAtValueCap: 0, foldedValues: 0, droppedDimensions: 0, features: 0, droppedFeatures: 0 }),
      limits: this.cardinalityStats().limits,
      cumulativeSeries: m.series,
      cumulativeRefused: m.refused,
    };
  }

  /** Strings stored with U+FFFD in place of lone surrogates since start. */
  get replacedStringCount(): number {
    return this.replacedStrings;
  }

  /**
   * Manifest rows to store: a fingerprint's first sighting, and again when a request carries data
   * of it more than a minute older than stored (a backfill arriving after live traffic): readers
   * take the earliest data_time.
   */
  private newManifests(origins: Map<string, Origin>, times: Map<string, bigint>): { rows: ManifestRow[]; claims: Map<string, number | undefined> } {
    const rows: ManifestRow[] = [];
    const claims = new Map<string, number | undefined>();
    const now = Date.now();
    for (const [key, o] of origins) {
      if (o.arm === "unspecified") continue;
      // The data's own time (a backfill or a delayed export is older than its arrival), never after arrival.
      const t = times.get(key);
      const dataMs = t === undefined ? now : Math.min(now, Number(t / 1_000_000n));
      const stored = this.manifests.get(key);
      if (stored !== undefined && dataMs >= stored - 60_000) continue;
      claims.set(key, stored);
      rows.push({ deployment: o.deployment, arm: o.arm, fingerprint: o.fingerprint, first_seen: chTimeMs(now), data_time: chTimeMs(dataMs), ...o.manifest });
      this.manifests.set(key, dataMs);
    }
    return { rows, claims };
  }

  /**
   * Maps and writes; resolves when the accepted rows are durable. `key` identifies the request
   * across a sender's retries (a digest of its body): tables an earlier attempt stored are not
   * written again, and the judgment is fed once per request.
   */
  async ingest(decoded: Decoded, opts: { key?: string } = {}): Promise<IngestOutcome> {
    const journal: DeltaJournal = [];
    const result = this.map(decoded, journal);
    // Claims the fingerprints now so concurrent requests do not store the same manifest twice.
    const { rows: manifests, claims } = this.newManifests(result.origins, result.originTimes);
    const rows: Partial<TableRows> = { ...result.rows, manifests };
    // Last, after every truncation: a string cut inside a surrogate pair would fail the INSERT.
    result.replacedStrings = makeRowsWellFormed(rows);
    this.replacedStrings += result.replacedStrings;
    let duplicate = false;
    try {
      duplicate = (await this.writer.write(rows, { key: opts.key })).duplicate;
    } catch (err) {
      const committed: string[] = (err as { committed?: string[] }).committed ?? [];
      if (!committed.includes("manifests")) {
        for (const [k, before] of claims) {
          if (before === undefined) this.manifests.delete(k);
          else this.manifests.set(k, before);
        }
      }
      // The sender will send these cumulative points again: the retry must see the same deltas.
      this.deltas.rollback(journal);
      throw err;
    }
    // Fed once: a retry of a request stored whole is not offered again (its pairs would count twice).
    if (!duplicate) this.feed?.offer(result.rows.inference_events, result.eventManifests, result.rows.shadow_comparisons);
    const deployments = new Set<string>();
    for (const r of result.rows.inference_events) deployments.add(r.deployment);
    for (const r of result.rows.shadow_comparisons) deployments.add(r.deployment);
    const list = [...deployments];
    return { accepted: result.accepted, rejected: result.rejected, message: result.message(), deployments: list, duplicate };
  }
}

export { MapResult };

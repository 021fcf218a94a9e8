// decode → validate/map → batch write, independent of any web framework.
import type { ManifestRow, TableRows } from "@/clickhouse/rows";
import { chTimeMs } from "@/clickhouse/time";
import { CumulativeDeltas } from "./cumulative";
import { mapLogs } from "./map/logs";
import { mapMetrics } from "./map/metrics";
import type { Origin } from "./map/resource";
import { MapResult } from "./map/result";
import { mapTraces } from "./map/traces";
import type { Decoded } from "./otlp/types";
import type { JudgeFeed } from "./judge-feed";
import { SliceCap } from "./slice-cap";
import type { BatchWriter } from "./writer";

export interface IngestOutcome {
  accepted: number;
  rejected: number;
  message: string;
  deployments: string[];
}

export class IngestPipeline {
  readonly sliceCap = new SliceCap();
  private deltas = new CumulativeDeltas();
  /** Manifest fingerprints already stored, per deployment and arm. */
  private manifests = new Set<string>();

  /** `feed`: where durable pairs go for the judgment (none in tools that only write rows). */
  constructor(
    private readonly writer: BatchWriter,
    readonly feed: JudgeFeed | null = null,
  ) {}

  seedManifests(rows: { deployment: string; arm: string; fingerprint: string }[]): void {
    for (const r of rows) this.manifests.add(`${r.deployment}\u0000${r.arm}\u0000${r.fingerprint}`);
  }

  map(decoded: Decoded): MapResult {
    switch (decoded.signal) {
      case "traces":
        return mapTraces(decoded, this.sliceCap);
      case "logs":
        return mapLogs(decoded, this.sliceCap);
      case "metrics":
        return mapMetrics(decoded, this.sliceCap, this.deltas);
    }
  }

  private newManifests(origins: Map<string, Origin>): ManifestRow[] {
    const rows: ManifestRow[] = [];
    for (const [key, o] of origins) {
      if (this.manifests.has(key) || o.arm === "unspecified") continue;
      rows.push({ deployment: o.deployment, arm: o.arm, fingerprint: o.fingerprint, first_seen: chTimeMs(Date.now()), ...o.manifest });
    }
    return rows;
  }

  /** Maps and writes; resolves when the accepted rows are durable. */
  async ingest(decoded: Decoded): Promise<IngestOutcome> {
    const result = this.map(decoded);
    const manifests = this.newManifests(result.origins);
    // Claim the fingerprints now so concurrent requests do not store the same manifest twice.
    const claimed = manifests.map((m) => `${m.deployment}\u0000${m.arm}\u0000${m.fingerprint}`);
    for (const k of claimed) this.manifests.add(k);
    const rows: Partial<TableRows> = { ...result.rows, manifests };
    try {
      await this.writer.write(rows);
    } catch (err) {
      for (const k of claimed) this.manifests.delete(k);
      throw err;
    }
    this.feed?.offer(result.rows.inference_events, result.eventManifests, result.rows.shadow_comparisons);
    const deployments = new Set<string>();
    for (const r of result.rows.inference_events) deployments.add(r.deployment);
    for (const r of result.rows.shadow_comparisons) deployments.add(r.deployment);
    const list = [...deployments];
    return { accepted: result.accepted, rejected: result.rejected, message: result.message(), deployments: list };
  }
}

export { MapResult };

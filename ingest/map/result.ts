// What mapping one request produced: rows per table, and what was rejected and why.
import { emptyTableRows, type TableRows } from "@/clickhouse/rows";
import { LIMITS } from "./limits";
import type { Origin } from "./resource";

export class MapResult {
  readonly rows: TableRows = emptyTableRows();
  /** The manifest fingerprint of each inference_events row (same order): the judgment starts a new epoch on a new canary. */
  readonly eventManifests: string[] = [];
  /** Manifests seen in this request, one per (deployment, arm, fingerprint). */
  readonly origins = new Map<string, Origin>();
  rejected = 0;
  accepted = 0;
  private reasons: string[] = [];
  private reasonCount = 0;
  private folds = new Set<string>();

  reject(reason: string, count = 1): void {
    this.rejected += count;
    this.reasonCount++;
    if (this.reasons.length < LIMITS.reasonsPerResponse) this.reasons.push(reason);
  }

  folded(deployment: string, dims: string[]): void {
    for (const d of dims) this.folds.add(`${deployment}/${d}`);
  }

  noteOrigin(o: Origin): void {
    this.origins.set(`${o.deployment}\u0000${o.arm}\u0000${o.fingerprint}`, o);
  }

  /** The partial_success message, or "" when nothing needs saying. */
  message(): string {
    const parts: string[] = [];
    if (this.reasons.length) {
      const more = this.reasonCount - this.reasons.length;
      parts.push(`rejected ${this.rejected}: ${this.reasons.join("; ")}${more > 0 ? `; and ${more} more` : ""}`);
    }
    if (this.folds.size) {
      parts.push(
        `slice values past ${LIMITS.sliceValuesPerDimension} per dimension were folded into __other__ for ${[...this.folds].slice(0, 5).join(", ")}`,
      );
    }
    return parts.join(". ");
  }
}

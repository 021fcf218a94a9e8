// What mapping one request produced: rows per table, and what was rejected and why.
import { emptyTableRows, type TableRows } from "@/clickhouse/rows";
import { LIMITS } from "@/lib/limits";
import { toWellFormed } from "../well-formed";
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
  private drops = new Set<string>();
  /** Strings stored with U+FFFD in place of lone surrogates (set by the pipeline). */
  replacedStrings = 0;

  reject(reason: string, count = 1): void {
    this.rejected += count;
    this.reasonCount++;
    if (this.reasons.length < LIMITS.reasonsPerResponse) this.reasons.push(reason);
  }

  /** Slice values folded into __other__, and slice/feature attributes left out past the name caps. */
  folded(deployment: string, dims: string[], dropped: string[] = []): void {
    for (const d of dims) if (this.folds.size < 50) this.folds.add(`${deployment}/${d}`);
    for (const d of dropped) if (this.drops.size < 50) this.drops.add(`${deployment}/${d}`);
  }

  /** The earliest record time (ns) of each origin in this request, by the origins' key: a manifest's own time. */
  readonly originTimes = new Map<string, bigint>();

  noteOrigin(o: Origin): void {
    this.origins.set(`${o.deployment}\u0000${o.arm}\u0000${o.fingerprint}`, o);
  }

  /** A record of `o` stamped `ns` was accepted. */
  noteOriginTime(o: Origin, ns: bigint): void {
    const key = `${o.deployment}\u0000${o.arm}\u0000${o.fingerprint}`;
    const t = this.originTimes.get(key);
    if (t === undefined || ns < t) this.originTimes.set(key, ns);
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
    if (this.drops.size) {
      parts.push(
        `attributes past the caps of ${LIMITS.sliceDimensionsPerDeployment} slice dimensions and ${LIMITS.featuresPerDeployment} input features per deployment were left out of slices and features (the records are kept) for ${[...this.drops].slice(0, 5).join(", ")}${this.drops.size > 5 ? ", …" : ""}`,
      );
    }
    if (this.replacedStrings) {
      parts.push(`${this.replacedStrings} strings held lone UTF-16 surrogates (invalid Unicode) and were stored with U+FFFD in their place`);
    }
    // The message quotes senders' strings: keep it valid Unicode for the protobuf response.
    return toWellFormed(parts.join(". "));
  }
}

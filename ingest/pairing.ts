// Joins the baseline's and the canary's span of one request (same deployment and
// quantlens.request.id) into one pair, once both are durable. Bounded: at most `maxPending`
// half pairs wait, each at most `ttlMs`; the oldest are dropped first and counted.
import type { ArmResult, ArmsPair } from "@/lib/judgment/records";

export interface HalfPair {
  deployment: string;
  requestId: string;
  arm: "baseline" | "canary";
  ts: number;
  slices: Record<string, string>;
  manifest: string;
  result: ArmResult;
}

export type PairedArms = Omit<ArmsPair, "kind">;

export interface PairingStats {
  pending: number;
  paired: number;
  /** Half pairs dropped: their partner never came within the TTL, or the bound was reached. */
  expired: number;
}

export class ArmPairing {
  // A Map iterates in insertion order: the first entries are the oldest.
  private pending = new Map<string, { half: HalfPair; arrivedAt: number }>();
  private paired = 0;
  private expired = 0;

  constructor(
    private readonly maxPending = 200_000,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** Adds one durable span; returns the pair it completes, if any. */
  add(h: HalfPair, now = Date.now()): PairedArms | null {
    const k = `${h.deployment}\u0000${h.requestId}`;
    const other = this.pending.get(k)?.half;
    if (other && other.arm !== h.arm) {
      this.pending.delete(k);
      this.paired++;
      const [b, c] = h.arm === "baseline" ? [h, other] : [other, h];
      // The canary's slices and manifest: it is the arm on trial.
      return { deployment: h.deployment, requestId: h.requestId, ts: Math.max(b.ts, c.ts), slices: c.slices, canaryManifest: c.manifest, baseline: b.result, canary: c.result };
    }
    // A repeat of the same arm (a retried export) replaces the waiting one.
    if (other) this.pending.delete(k);
    this.pending.set(k, { half: h, arrivedAt: now });
    this.evict(now);
    return null;
  }

  private evict(now: number): void {
    for (const [k, p] of this.pending) {
      if (this.pending.size <= this.maxPending && now - p.arrivedAt <= this.ttlMs) break;
      this.pending.delete(k);
      this.expired++;
    }
  }

  stats(): PairingStats {
    return { pending: this.pending.size, paired: this.paired, expired: this.expired };
  }
}

// A token bucket per key, bounded in memory: `rate` tokens per second, up to `burst`. One
// limiter may also give each key its own rate (webhook endpoints each have theirs).
export interface BucketRate {
  rate: number;
  burst: number;
}

export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly rate: number, private readonly burst: number, private readonly maxKeys = 50_000) {}

  /** Seconds until a token is available, without taking one. */
  peek(key: string, now = Date.now()): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.rate));
  }

  /** Seconds until a token is available, or 0 when one was taken now; `own` overrides the rate for this key. */
  take(key: string, now = Date.now(), own?: BucketRate): number {
    const rate = own?.rate ?? this.rate;
    const burst = own?.burst ?? this.burst;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
      b = { tokens: burst, at: now };
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  /** Gives back a token taken by `take` (up to the burst). */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.burst, b.tokens + 1);
  }

  /** Number of keys held (bounded by maxKeys). */
  get size(): number {
    return this.buckets.size;
  }

  /** The keys held, for tests that check what is kept in memory. */
  keys(): IterableIterator<string> {
    return this.buckets.keys();
  }
}

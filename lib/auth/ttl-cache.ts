// A small in-process cache with a time to live and a bound on entries (oldest dropped first).
// `stale` keeps the last value past its TTL so a caller can fall back to it when the source fails.
export class TtlCache<V> {
  private entries = new Map<string, { value: V; at: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  /** The value if it is younger than the TTL. */
  get(key: string, now = Date.now()): V | undefined {
    const e = this.entries.get(key);
    return e && now - e.at < this.ttlMs ? e.value : undefined;
  }

  /** The value however old (undefined if never set or dropped). */
  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, at: now });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches. */
  deleteWhere(match: (value: V, key: string) => boolean): void {
    for (const [k, e] of this.entries) if (match(e.value, k)) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}

// The accepted time range of records (docs/semconv.md, "Timestamps"). A record's own time
// (span start, span event, log record, metric point) must lie within
//   [now - QUANTLENS_RAW_TTL_DAYS days, now + 10 minutes]
// and one request may touch at most `maxDaysPerRequest` distinct UTC days. Records outside are
// rejected one by one (OTLP partial_success), with a message naming the field and the range.
//
// Why these bounds: rows older than the raw retention describe a period whose other raw rows have
// already expired, and no exporter retries for that long (OTel SDKs give up within a minute, the
// Collector's queue after 5 minutes by default): such a time is a broken clock or a replay. Ten
// minutes of future skew covers unsynchronised clocks; later "future" rows would count as live
// traffic in every "last 5 minutes" window until their time came. The day bound keeps every
// INSERT under ClickHouse's max_partitions_per_insert_block (100; raw tables partition by day),
// whatever the retention is set to; the writer splits merged batches by day too (ingest/writer.ts).

const NS_PER_MS = 1_000_000n;
const NS_PER_DAY = 86_400_000_000_000n;

export interface TimeWindowOptions {
  /** How far back a record may be dated (ms). */
  pastMs: number;
  /** How far ahead of this server's clock a record may be dated (ms). */
  futureMs: number;
  /** Distinct UTC days one request may hold. Must stay below max_partitions_per_insert_block. */
  maxDaysPerRequest: number;
  now: () => number;
}

/** The raw retention in days, read as clickhouse/config.ts reads it (30 when unset or invalid). */
export function rawTtlDays(env: Record<string, string | undefined> = process.env): number {
  const ttl = Number(env.QUANTLENS_RAW_TTL_DAYS ?? "30");
  return Number.isInteger(ttl) && ttl >= 1 && ttl <= 3650 ? ttl : 30;
}

export function defaultTimeWindow(env: Record<string, string | undefined> = process.env): TimeWindowOptions {
  return { pastMs: rawTtlDays(env) * 86_400_000, futureMs: 10 * 60_000, maxDaysPerRequest: 64, now: Date.now };
}

function iso(ns: bigint): string {
  const ms = Number(ns / NS_PER_MS);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ns} ns` : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function span(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} days`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return `${ms} ms`;
}

/** The time check of one request: the window is fixed when the request is mapped. */
export class TimeRule {
  readonly minNs: bigint;
  readonly maxNs: bigint;
  private days = new Set<bigint>();
  private lastDay = -1n;

  constructor(private readonly opts: TimeWindowOptions) {
    const now = BigInt(Math.round(opts.now()));
    this.minNs = (now - BigInt(opts.pastMs)) * NS_PER_MS;
    this.maxNs = (now + BigInt(opts.futureMs)) * NS_PER_MS;
  }

  /** null when `ns` is acceptable; otherwise why not, naming `field`. */
  check(ns: bigint, field: string): string | null {
    if (ns < this.minNs || ns > this.maxNs) {
      return `${field} ${iso(ns)} is outside the accepted time range ${iso(this.minNs)} .. ${iso(this.maxNs)} (at most ${span(this.opts.pastMs)} old, ${span(this.opts.futureMs)} ahead of the server clock)`;
    }
    const day = ns / NS_PER_DAY;
    if (day !== this.lastDay) {
      if (!this.days.has(day)) {
        if (this.days.size >= this.opts.maxDaysPerRequest) {
          return `${field} ${iso(ns)} falls on one more UTC day than the ${this.opts.maxDaysPerRequest} one request may span`;
        }
        this.days.add(day);
      }
      this.lastDay = day;
    }
    return null;
  }
}

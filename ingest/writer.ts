// Group commit: concurrent requests queue their rows per table; one INSERT per table is in
// flight at a time and takes everything queued, and every waiter is answered when the INSERTs
// that hold its rows have returned. The queue is bounded: past it, callers get Overloaded.
//
// One sender must not fail another's writes (docs/reliability.md, "Poisoned rows"):
//   - a merged INSERT touches at most `maxDaysPerInsert` days (raw tables partition by day, and
//     ClickHouse refuses an INSERT into more than max_partitions_per_insert_block = 100);
//   - an INSERT that fails with a data error (the engine refused a value, not an outage) is split
//     by request and retried half by half, so only the request that holds the bad rows is refused
//     (WriteRejected, a 400 naming the problem) and the rest are committed. Availability errors
//     (connection, disk, memory, anything not known to be about the data) fail every waiter with
//     WriteFailed (503 + Retry-After), as before.
//
// Retries count once (docs/reliability.md, "Retries count once"): a request spans several tables,
// and one table can commit while another fails; the sender then retries the whole request.
//   - Each write may carry a key (a digest of the request body, ingest/http.ts). The writer keeps
//     a bounded digest of recent keys and the tables each has committed: a retry skips the tables
//     already stored, and a retry of a request that completed is a duplicate (nothing written;
//     the pipeline does not feed the judgment twice). A retry that arrives while the original is
//     still queued waits for it.
//   - Every INSERT carries an insert_deduplication_token derived from the table and the keys of
//     the requests it holds (clickhouse/queries/insert.ts, migration 0009): the same INSERT sent
//     twice is stored once, in the table and its aggregates. A request alone in its INSERT (light
//     traffic, or isolated by a split) has the same token on every retry, so ClickHouse dedupes
//     it even after a restart or past the digest's window.
import crypto from "node:crypto";
import { RAW_TABLES, withInsertToken, type RawTable, type TableRows } from "@/clickhouse/rows";

// Next.js bundles instrumentation (where the writer is made) apart from the routes (where its
// errors are caught), so each has its own copy of these classes and `instanceof` fails across
// them: each error carries its kind under a process-wide symbol, and callers test that.
const WRITE_ERROR = Symbol.for("quantlens.WriteError");
type WriteErrorKind = "overloaded" | "failed" | "rejected";
const kindOf = (e: unknown): WriteErrorKind | undefined => (typeof e === "object" && e !== null ? (e as { [WRITE_ERROR]?: WriteErrorKind })[WRITE_ERROR] : undefined);

export class Overloaded extends Error {
  readonly [WRITE_ERROR] = "overloaded";
  constructor(public readonly retryAfterSeconds: number) {
    super("the write queue is full; retry later");
    this.name = "Overloaded";
  }
}

export const isOverloaded = (e: unknown): e is Overloaded => kindOf(e) === "overloaded";
export const isWriteFailed = (e: unknown): e is WriteFailed => kindOf(e) === "failed";
export const isWriteRejected = (e: unknown): e is WriteRejected => kindOf(e) === "rejected";

function firstLine(cause: unknown): string {
  return String((cause as Error)?.message ?? cause).split("\n")[0];
}

/** The database refused or failed a write: retryable by the sender. */
export class WriteFailed extends Error {
  readonly [WRITE_ERROR] = "failed";
  constructor(table: string, cause: unknown, public readonly committed: RawTable[] = []) {
    super(`writing ${table} failed: ${firstLine(cause)}`.slice(0, 500));
    this.name = "WriteFailed";
    this.cause = cause;
  }
}

/** The database refused this request's rows as data (it failed alone): not retryable as sent. */
export class WriteRejected extends Error {
  readonly [WRITE_ERROR] = "rejected";
  constructor(public readonly table: string, cause: unknown, public readonly committed: RawTable[] = []) {
    super(`the database refused this request's ${table} rows: ${firstLine(cause)}`.slice(0, 400));
    this.name = "WriteRejected";
    this.cause = cause;
  }
}

// ClickHouse error codes that are about the values sent, so that a request sent again unchanged
// fails again. Schema and query errors (TYPE_MISMATCH, NO_SUCH_COLUMN…) are left out on purpose:
// they would fail every request, and refusing everyone's data as "bad" would drop it for good.
const DATA_ERROR_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE (a lone surrogate)
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  128, // TOO_LARGE_ARRAY_SIZE
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  190, // SIZES_OF_ARRAYS_DONT_MATCH
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  407, // DECIMAL_OVERFLOW (DateTime64 past 2262)
]);
const TOO_MANY_PARTS = 252;

/** "data": the rows themselves were refused; "unavailable": anything else (retry later). */
export function classifyInsertError(err: unknown): "data" | "unavailable" {
  const e = err as { code?: unknown; type?: unknown; message?: unknown } | null;
  const code = Number(e?.code);
  if (DATA_ERROR_CODES.has(code)) return "data";
  if (typeof e?.type === "string" && e.type.startsWith("CANNOT_PARSE_")) return "data";
  // 252 is also "too many parts, merges are behind": back-pressure, not data.
  if (code === TOO_MANY_PARTS && /partitions for single INSERT block/i.test(String(e?.message ?? ""))) return "data";
  return "unavailable";
}

export type InsertFn = <T extends RawTable>(table: T, rows: TableRows[T]) => Promise<void>;

export interface WriterOptions {
  /** Rows per INSERT at most. */
  maxBatchRows: number;
  /** How long the first queued row may wait for company before a flush. */
  lingerMs: number;
  /** Rows queued (not yet in flight) across all tables before new writes are refused. */
  maxQueuedRows: number;
  /** Distinct days (partitions of the raw tables) one merged INSERT may touch. */
  maxDaysPerInsert?: number;
  /** Request keys remembered for retries, at most this many and this long. */
  recentKeys?: number;
  recentKeyMs?: number;
}

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  maxBatchRows: 50_000,
  lingerMs: 25,
  // A backstop behind admission control (ingest/admission.ts), which bounds by latency: rows
  // are what the queue holds in memory, and small spans pack many rows into few bytes.
  maxQueuedRows: 60_000,
  // Below ClickHouse's default max_partitions_per_insert_block (100), and at least the pipeline's
  // days per request (ingest/map/time-window.ts), so one request always fits one INSERT.
  maxDaysPerInsert: 64,
  // OTel SDKs retry for under a minute, the Collector for 5 minutes by default.
  recentKeys: 50_000,
  recentKeyMs: 15 * 60_000,
};

export interface WriteOptions {
  /** Identifies the request across retries (a digest of its body); none: no retry detection. */
  key?: string;
}

export interface WriteOutcome {
  /** The request had already been stored whole: nothing was written this time. */
  duplicate: boolean;
  /** Tables skipped because an earlier attempt of this request had stored them. */
  skippedTables: RawTable[];
}

interface Failure {
  kind: "failed" | "rejected";
  table: RawTable;
  cause: unknown;
}

interface Waiter {
  id: string;
  key: string | null;
  resolve: (o: WriteOutcome) => void;
  reject: (e: unknown) => void;
  remaining: number;
  committed: RawTable[];
  skipped: RawTable[];
  failure: Failure | null;
}

interface Pending {
  rows: unknown[];
  waiter: Waiter;
  /** Distinct days (yyyy-mm-dd) of the rows, for tables partitioned by day. */
  days: string[];
}

export interface WriterStats {
  queuedRows: number;
  inFlightTables: number;
  inserts: number;
  insertedRows: number;
  failedInserts: number;
  /** Requests refused as bad data after their INSERT failed alone (answered 400). */
  rejectedRequests: number;
  /** Failed merged INSERTs split by request to find the bad one. */
  splitInserts: number;
  /** Retried requests that had been stored whole (nothing written again). */
  duplicateRequests: number;
  /** Tables skipped in retried requests because an earlier attempt had stored them. */
  skippedTableWrites: number;
  /** Request keys remembered for retry detection. */
  recentKeys: number;
}

// Tables partitioned by toDate(ts) (clickhouse/migrations 0001, 0004); manifests is not.
const BY_DAY = new Set<RawTable>(["inference_events", "shadow_comparisons", "resource_samples", "request_metric_points", "otel_logs", "otel_metrics"]);
const BIT = new Map<RawTable, number>(RAW_TABLES.map((t, i) => [t, 1 << i]));
const COMPLETE = 1 << 30;

function daysOf(table: RawTable, rows: unknown[]): string[] {
  if (!BY_DAY.has(table)) return [];
  const days: string[] = [];
  let last = "";
  for (let i = 0; i < rows.length; i++) {
    const ts = (rows[i] as { ts?: unknown }).ts;
    if (typeof ts !== "string") continue;
    const d = ts.slice(0, 10);
    if (d !== last && !days.includes(d)) days.push(d);
    last = d;
  }
  return days;
}

/** Keys of recent requests → bit mask of the tables each has stored (COMPLETE once whole). */
class RecentKeys {
  private map = new Map<string, { mask: number; at: number }>();
  constructor(private readonly max: number, private readonly ttlMs: number) {}

  get(key: string, now = Date.now()): number {
    const e = this.map.get(key);
    if (!e) return 0;
    if (now - e.at > this.ttlMs) {
      this.map.delete(key);
      return 0;
    }
    return e.mask;
  }

  add(key: string, bits: number, now = Date.now()): void {
    const e = this.map.get(key);
    const mask = (e && now - e.at <= this.ttlMs ? e.mask : 0) | bits;
    // Re-insert: the Map's first entries are the least recently touched.
    this.map.delete(key);
    this.map.set(key, { mask, at: now });
    for (const [k, v] of this.map) {
      if (this.map.size <= this.max && now - v.at <= this.ttlMs) break;
      this.map.delete(k);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

export class BatchWriter {
  private queues = new Map<RawTable, Pending[]>();
  private inFlight = new Set<RawTable>();
  private timers = new Map<RawTable, NodeJS.Timeout>();
  private queued = 0;
  private stats = { inserts: 0, insertedRows: 0, failedInserts: 0, rejectedRequests: 0, splitInserts: 0, duplicateRequests: 0, skippedTableWrites: 0 };
  private closed = false;
  private readonly opts: Required<WriterOptions>;
  private readonly recent: RecentKeys;
  /** Keyed writes not yet answered: a retry of one waits for it. */
  private pendingKeys = new Map<string, Promise<WriteOutcome>>();

  constructor(private readonly insert: InsertFn, opts: WriterOptions = DEFAULT_WRITER_OPTIONS) {
    this.opts = { ...(DEFAULT_WRITER_OPTIONS as Required<WriterOptions>), ...opts };
    this.recent = new RecentKeys(this.opts.recentKeys, this.opts.recentKeyMs);
  }

  /**
   * Resolves once every row of `rows` is written; rejects with Overloaded, WriteFailed (the
   * database failed: retry) or WriteRejected (the database refused these rows as data).
   */
  write(rows: Partial<TableRows>, opts: WriteOptions = {}): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new Overloaded(5));
    const key = opts.key ?? null;
    if (key) {
      const earlier = this.pendingKeys.get(key);
      if (earlier) return earlier.then(noop, noop).then(() => this.write(rows, opts));
    }
    let tables = (Object.keys(rows) as RawTable[]).filter((t) => (rows[t]?.length ?? 0) > 0);
    const skipped: RawTable[] = [];
    if (key) {
      const mask = this.recent.get(key);
      if (mask & COMPLETE) {
        this.stats.duplicateRequests++;
        return Promise.resolve({ duplicate: true, skippedTables: tables });
      }
      if (mask) {
        for (const t of tables) if (mask & BIT.get(t)!) skipped.push(t);
        tables = tables.filter((t) => !(mask & BIT.get(t)!));
        this.stats.skippedTableWrites += skipped.length;
      }
    }
    if (tables.length === 0) {
      if (key && skipped.length) this.recent.add(key, COMPLETE);
      return Promise.resolve({ duplicate: false, skippedTables: skipped });
    }
    const total = tables.reduce((n, t) => n + rows[t]!.length, 0);
    if (this.queued + total > this.opts.maxQueuedRows && this.queued > 0) {
      return Promise.reject(new Overloaded(1));
    }
    const promise = new Promise<WriteOutcome>((resolve, reject) => {
      const waiter: Waiter = { id: key ?? crypto.randomUUID(), key, resolve, reject, remaining: tables.length, committed: [], skipped, failure: null };
      for (const t of tables) {
        const list = this.queues.get(t) ?? [];
        const r = rows[t] as unknown[];
        list.push({ rows: r, waiter, days: daysOf(t, r) });
        this.queues.set(t, list);
        this.queued += r.length;
        this.schedule(t);
      }
    });
    if (key) this.pendingKeys.set(key, promise);
    return promise;
  }

  getStats(): WriterStats {
    return { queuedRows: this.queued, inFlightTables: this.inFlight.size, ...this.stats, recentKeys: this.recent.size };
  }

  /** Flushes everything queued and refuses new writes. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.keys()) clearTimeout(this.timers.get(t));
    this.timers.clear();
    while (this.queued > 0 || this.inFlight.size > 0) {
      for (const t of this.queues.keys()) if (!this.inFlight.has(t)) void this.flush(t);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private queuedRows(t: RawTable): number {
    return (this.queues.get(t) ?? []).reduce((n, p) => n + p.rows.length, 0);
  }

  private schedule(t: RawTable): void {
    if (this.inFlight.has(t)) return; // the running flush picks the rows up when it ends
    if (this.queuedRows(t) >= this.opts.maxBatchRows) {
      clearTimeout(this.timers.get(t));
      this.timers.delete(t);
      void this.flush(t);
      return;
    }
    if (!this.timers.has(t)) {
      this.timers.set(
        t,
        setTimeout(() => {
          this.timers.delete(t);
          void this.flush(t);
        }, this.opts.lingerMs),
      );
    }
  }

  private async flush(t: RawTable): Promise<void> {
    const list = this.queues.get(t);
    if (!list || list.length === 0 || this.inFlight.has(t)) return;
    // Take whole requests up to the batch size and the day limit (at least one, however large).
    const batch: Pending[] = [];
    const days = new Set<string>();
    let n = 0;
    while (list.length) {
      const next = list[0];
      if (batch.length > 0) {
        if (n + next.rows.length > this.opts.maxBatchRows) break;
        let added = 0;
        for (const d of next.days) if (!days.has(d)) added++;
        if (days.size + added > this.opts.maxDaysPerInsert) break;
      }
      list.shift();
      batch.push(next);
      for (const d of next.days) days.add(d);
      n += next.rows.length;
    }
    this.inFlight.add(t);
    this.queued -= n;
    try {
      await this.commit(t, batch);
    } finally {
      this.inFlight.delete(t);
      if (list.length) this.schedule(t);
    }
  }

  /** One INSERT of `group`; on a data error, the group split in halves, down to the request at fault. */
  private async commit(t: RawTable, group: Pending[]): Promise<void> {
    let rows: unknown[];
    if (group.length === 1) rows = group[0].rows.slice();
    else {
      rows = [];
      for (const p of group) for (const r of p.rows) rows.push(r);
    }
    const token = crypto.createHash("sha256").update(t);
    for (const p of group) token.update("\n").update(p.waiter.id);
    withInsertToken(rows, token.digest("base64url"));
    try {
      await this.insert(t, rows as TableRows[RawTable]);
      this.stats.inserts++;
      this.stats.insertedRows += rows.length;
      for (const p of group) this.settle(p.waiter, t, null);
    } catch (err) {
      const kind = classifyInsertError(err);
      if (kind === "data" && group.length > 1) {
        this.stats.splitInserts++;
        const mid = Math.ceil(group.length / 2);
        await this.commit(t, group.slice(0, mid));
        await this.commit(t, group.slice(mid));
        return;
      }
      this.stats.failedInserts++;
      if (kind === "data") {
        this.stats.rejectedRequests++;
        console.warn(`[ingest] refused one request's ${rows.length} ${t} rows as bad data: ${firstLine(err).slice(0, 300)}`);
      }
      for (const p of group) this.settle(p.waiter, t, { kind: kind === "data" ? "rejected" : "failed", table: t, cause: err });
    }
  }

  /** Records one table's outcome for a waiter; answers it once every table has one. */
  private settle(w: Waiter, t: RawTable, failure: Failure | null): void {
    if (failure) {
      // A failure to retry outranks a refusal: on the retry the stored tables are skipped.
      if (!w.failure || (w.failure.kind === "rejected" && failure.kind === "failed")) w.failure = failure;
    } else {
      w.committed.push(t);
      if (w.key) this.recent.add(w.key, BIT.get(t)!);
    }
    if (--w.remaining > 0) return;
    if (w.key) this.pendingKeys.delete(w.key);
    if (!w.failure) {
      if (w.key) this.recent.add(w.key, COMPLETE);
      w.resolve({ duplicate: false, skippedTables: w.skipped });
      return;
    }
    const committed = [...w.skipped, ...w.committed];
    w.reject(w.failure.kind === "failed" ? new WriteFailed(w.failure.table, w.failure.cause, committed) : new WriteRejected(w.failure.table, w.failure.cause, committed));
  }
}

function noop(): void {}

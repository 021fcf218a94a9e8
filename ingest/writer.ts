// Group commit: concurrent requests queue their rows per table; one INSERT per table is in
// flight at a time and takes everything queued, and every waiter is answered when the INSERT
// that holds its rows has returned. The queue is bounded: past it, callers get Overloaded.
import type { RawTable, TableRows } from "@/clickhouse/rows";

export class Overloaded extends Error {
  constructor(public readonly retryAfterSeconds: number) {
    super("the write queue is full; retry later");
    this.name = "Overloaded";
  }
}

// Next.js bundles instrumentation (where the writer is made) apart from the routes (where its
// errors are caught), so each has its own copy of these classes and `instanceof` fails across
// them: callers test the name.
export const isOverloaded = (e: unknown): e is Overloaded => (e as Error | null)?.name === "Overloaded";
export const isWriteFailed = (e: unknown): e is WriteFailed => (e as Error | null)?.name === "WriteFailed";

/** The database refused or failed a write: retryable by the sender. */
export class WriteFailed extends Error {
  constructor(table: string, cause: unknown) {
    super(`writing ${table} failed: ${(cause as Error)?.message ?? String(cause)}`.slice(0, 500));
    this.name = "WriteFailed";
    this.cause = cause;
  }
}

export type InsertFn = <T extends RawTable>(table: T, rows: TableRows[T]) => Promise<void>;

export interface WriterOptions {
  /** Rows per INSERT at most. */
  maxBatchRows: number;
  /** How long the first queued row may wait for company before a flush. */
  lingerMs: number;
  /** Rows queued (not yet in flight) across all tables before new writes are refused. */
  maxQueuedRows: number;
}

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  maxBatchRows: 50_000,
  lingerMs: 25,
  // A backstop behind admission control (ingest/admission.ts), which bounds by latency: rows
  // are what the queue holds in memory, and small spans pack many rows into few bytes.
  maxQueuedRows: 60_000,
};

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  remaining: number;
}

interface Pending<T extends RawTable> {
  rows: TableRows[T];
  waiters: Waiter[];
}

export interface WriterStats {
  queuedRows: number;
  inFlightTables: number;
  inserts: number;
  insertedRows: number;
  failedInserts: number;
}

export class BatchWriter {
  private queues = new Map<RawTable, Pending<RawTable>[]>();
  private inFlight = new Set<RawTable>();
  private timers = new Map<RawTable, NodeJS.Timeout>();
  private queued = 0;
  private stats = { inserts: 0, insertedRows: 0, failedInserts: 0 };
  private closed = false;

  constructor(private readonly insert: InsertFn, private readonly opts: WriterOptions = DEFAULT_WRITER_OPTIONS) {}

  /** Resolves once every row of `rows` is written; rejects with Overloaded or WriteFailed. */
  write(rows: Partial<TableRows>): Promise<void> {
    if (this.closed) return Promise.reject(new Overloaded(5));
    const tables = (Object.keys(rows) as RawTable[]).filter((t) => (rows[t]?.length ?? 0) > 0);
    if (tables.length === 0) return Promise.resolve();
    const total = tables.reduce((n, t) => n + rows[t]!.length, 0);
    if (this.queued + total > this.opts.maxQueuedRows && this.queued > 0) {
      return Promise.reject(new Overloaded(1));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, remaining: tables.length };
      for (const t of tables) {
        const list = this.queues.get(t) ?? [];
        list.push({ rows: rows[t] as TableRows[RawTable], waiters: [waiter] });
        this.queues.set(t, list);
        this.queued += rows[t]!.length;
        this.schedule(t);
      }
    });
  }

  getStats(): WriterStats {
    return { queuedRows: this.queued, inFlightTables: this.inFlight.size, ...this.stats };
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
    // Take whole requests up to the batch size (at least one, however large).
    const batch: Pending<RawTable>[] = [];
    let n = 0;
    while (list.length && (batch.length === 0 || n + list[0].rows.length <= this.opts.maxBatchRows)) {
      const p = list.shift()!;
      batch.push(p);
      n += p.rows.length;
    }
    this.inFlight.add(t);
    this.queued -= n;
    let rows: unknown[] = batch[0].rows;
    if (batch.length > 1) {
      rows = [];
      for (const p of batch) for (const r of p.rows) rows.push(r);
    }
    try {
      await this.insert(t, rows as TableRows[RawTable]);
      this.stats.inserts++;
      this.stats.insertedRows += n;
      for (const p of batch) for (const w of p.waiters) if (--w.remaining === 0) w.resolve();
    } catch (err) {
      this.stats.failedInserts++;
      const e = new WriteFailed(t, err);
      for (const p of batch) for (const w of p.waiters) w.reject(e);
    } finally {
      this.inFlight.delete(t);
      if (list.length) this.schedule(t);
    }
  }
}

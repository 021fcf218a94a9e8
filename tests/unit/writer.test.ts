import { describe, expect, it } from "vitest";
import { BatchWriter, Overloaded, WriteFailed } from "@/ingest/writer";
import type { InferenceEventRow } from "@/clickhouse/rows";

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ request_id: String(i) }) as unknown as InferenceEventRow);

describe("BatchWriter", () => {
  it("group-commits concurrent writes and answers each only after its insert returned", async () => {
    const inserts: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = new BatchWriter(async (_t, r) => {
      inserts.push(r.length);
      if (inserts.length === 1) await gate;
    }, { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
    let done = 0;
    const first = w.write({ inference_events: rows(10) }).then(() => done++);
    await new Promise((r) => setTimeout(r, 10));
    const rest = [1, 2, 3].map(() => w.write({ inference_events: rows(5) }).then(() => done++));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(0); // nothing acknowledged while the first insert is in flight
    release();
    await Promise.all([first, ...rest]);
    expect(inserts).toEqual([10, 15]); // the three waiting writes went in as one insert
  });

  it("sheds with Overloaded (Retry-After) once the queue is full, and reports failed inserts", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = new BatchWriter(async () => gate, { maxBatchRows: 1_000, lingerMs: 1, maxQueuedRows: 100 });
    const inFlight = w.write({ inference_events: rows(50) });
    await new Promise((r) => setTimeout(r, 10));
    const queued = w.write({ inference_events: rows(80) });
    const refused = await w.write({ inference_events: rows(30) }).catch((e) => e);
    expect(refused).toBeInstanceOf(Overloaded);
    expect((refused as Overloaded).retryAfterSeconds).toBeGreaterThan(0);
    release();
    await Promise.all([inFlight, queued]);
    const failing = new BatchWriter(async () => {
      throw new Error("disk full");
    }, { maxBatchRows: 10, lingerMs: 1, maxQueuedRows: 100 });
    await expect(failing.write({ inference_events: rows(3) })).rejects.toBeInstanceOf(WriteFailed);
  });
});

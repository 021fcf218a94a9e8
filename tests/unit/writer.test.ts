import { describe, expect, it } from "vitest";
import { BatchWriter, classifyInsertError, isWriteRejected, Overloaded, WriteFailed, WriteRejected } from "@/ingest/writer";
import { insertTokenOf } from "@/clickhouse/rows";
import { Admission, DEFAULT_ADMISSION_OPTIONS } from "@/ingest/admission";
import { handleOtlp } from "@/ingest/http";
import { IngestPipeline } from "@/ingest/pipeline";
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

// ---------------------------------------------------------------------------------------------
// One sender must not fail another's writes; retries count once (issue 11). A fake engine here;
// tests/integration/ingest-isolation.test.ts and ingest-retry.test.ts run the same against chdb.

type R = { request_id: string; ts: string; bad?: boolean };
const req = (id: string, n = 2, day = "2026-12-01", bad = false) =>
  ({ inference_events: Array.from({ length: n }, (_, i) => ({ request_id: `${id}-${i}`, ts: `${day} 10:00:00.000000000`, bad: bad && i === 0 })) as unknown as InferenceEventRow[] });
const parseError = () => Object.assign(new Error("Cannot parse escape sequence: missing second part of surrogate pair"), { code: "25", type: "CANNOT_PARSE_ESCAPE_SEQUENCE" });
const settle = (p: Promise<unknown>) => p.then((v) => ({ ok: true as const, v }), (e) => ({ ok: false as const, e }));

/** An engine that refuses any INSERT holding a bad row, and records what it stored. */
function fakeEngine(fail?: (rows: R[]) => unknown) {
  const stored: string[] = [];
  const inserts: { n: number; token: string | undefined; days: number }[] = [];
  const insert = async (_t: string, rows: unknown[]) => {
    const rs = rows as R[];
    inserts.push({ n: rs.length, token: insertTokenOf(rows), days: new Set(rs.map((r) => r.ts.slice(0, 10))).size });
    const err = fail?.(rs) ?? (rs.some((r) => r.bad) ? parseError() : null);
    if (err) throw err;
    stored.push(...rs.map((r) => r.request_id));
  };
  return { stored, inserts, insert };
}

describe("BatchWriter: a poisoned request fails only itself", () => {
  it("splits a failed merged INSERT by request: the bad request gets WriteRejected, every other is stored", async () => {
    const e = fakeEngine();
    const w = new BatchWriter(e.insert, { maxBatchRows: 10_000, lingerMs: 5, maxQueuedRows: 100_000 });
    const ids = ["a", "b", "c", "bad", "d", "e", "f"];
    const results = await Promise.all(ids.map((id) => settle(w.write(req(id, 2, "2026-12-01", id === "bad")))));
    results.forEach((r, i) => expect(r.ok, ids[i]).toBe(ids[i] !== "bad"));
    const refused = results[3] as { ok: false; e: unknown };
    expect(isWriteRejected(refused.e)).toBe(true);
    expect((refused.e as WriteRejected).message).toMatch(/refused this request's inference_events rows: Cannot parse escape sequence/);
    expect(e.stored.sort()).toEqual(ids.filter((i) => i !== "bad").flatMap((i) => [`${i}-0`, `${i}-1`]).sort());
    expect(w.getStats()).toMatchObject({ rejectedRequests: 1 });
    expect(w.getStats().splitInserts).toBeGreaterThan(0);
  });

  it("an availability error fails everyone with WriteFailed (503), without splitting", async () => {
    const e = fakeEngine(() => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8123"), { code: "ECONNREFUSED" }));
    const w = new BatchWriter(e.insert, { maxBatchRows: 10_000, lingerMs: 5, maxQueuedRows: 100_000 });
    const results = await Promise.all(["a", "b", "c"].map((id) => settle(w.write(req(id)))));
    for (const r of results) expect(!r.ok && r.e instanceof WriteFailed).toBe(true);
    expect(e.inserts).toHaveLength(1);
    expect(w.getStats().splitInserts).toBe(0);
  });

  it("a request refused in one table and failed in another is told to retry (503), not to give up (400)", async () => {
    // Both orders: whichever table answers last.
    for (const [refusing, failing] of [["inference_events", "shadow_comparisons"], ["shadow_comparisons", "inference_events"]]) {
      const w = new BatchWriter(async (t) => {
        if (t === refusing) throw parseError();
        if (t === failing) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      }, { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
      const r = await settle(w.write({ ...req("mixed", 2), shadow_comparisons: [{ request_id: "s", ts: "2026-12-01 10:00:00.000000000" }] as never }));
      expect(!r.ok && r.e instanceof WriteFailed, `${refusing} refused, ${failing} failed`).toBe(true);
    }
  });

  it("classifies engine errors: values are data, outages and schema problems are not", () => {
    expect(classifyInsertError(parseError())).toBe("data");
    expect(classifyInsertError({ code: "407", type: "DECIMAL_OVERFLOW", message: "Decimal math overflow" })).toBe("data");
    expect(classifyInsertError({ code: "252", type: "TOO_MANY_PARTS", message: "Too many partitions for single INSERT block (more than 100)" })).toBe("data");
    expect(classifyInsertError({ code: "252", type: "TOO_MANY_PARTS", message: "Too many parts (3001) in all partitions in total. Merges are processing significantly slower than inserts" })).toBe("unavailable");
    expect(classifyInsertError({ code: "243", type: "NOT_ENOUGH_SPACE", message: "Cannot reserve 1.00 MiB, not enough space" })).toBe("unavailable");
    expect(classifyInsertError({ code: "53", type: "TYPE_MISMATCH", message: "x" })).toBe("unavailable");
    expect(classifyInsertError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe("unavailable");
  });

  it("never merges requests into an INSERT over the day limit", async () => {
    const e = fakeEngine();
    const w = new BatchWriter(e.insert, { maxBatchRows: 100_000, lingerMs: 5, maxQueuedRows: 1_000_000, maxDaysPerInsert: 64 });
    // 10 requests of 30 distinct days each (300 days together).
    const writes = Array.from({ length: 10 }, (_, k) => w.write({
      inference_events: Array.from({ length: 30 }, (_, d) => ({ request_id: `${k}-${d}`, ts: `${new Date(Date.UTC(2026, 0, 1 + k * 30 + d)).toISOString().slice(0, 10)} 00:00:00.000000000` })) as unknown as InferenceEventRow[],
    }));
    await Promise.all(writes);
    expect(e.stored).toHaveLength(300);
    expect(Math.max(...e.inserts.map((i) => i.days))).toBeLessThanOrEqual(64);
    expect(e.inserts.length).toBeGreaterThanOrEqual(5);
  });
});

describe("BatchWriter: retries count once", () => {
  it("a retry skips the tables an earlier attempt stored; a retry of a stored request is a duplicate", async () => {
    let failShadow = true;
    const stored: string[] = [];
    const w = new BatchWriter(async (t, rows) => {
      if (t === "shadow_comparisons" && failShadow) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      stored.push(...(rows as unknown as R[]).map((r) => `${t}:${r.request_id}`));
    }, { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
    const rows = () => ({ ...req("r", 2), shadow_comparisons: [{ request_id: "s", ts: "2026-12-01 10:00:00.000000000" }] as never });
    const first = await settle(w.write(rows(), { key: "k1" }));
    expect(first.ok).toBe(false);
    expect((first as { e: WriteFailed }).e.committed).toEqual(["inference_events"]);
    failShadow = false;
    const retry = await w.write(rows(), { key: "k1" });
    expect(retry).toEqual({ duplicate: false, skippedTables: ["inference_events"] });
    const again = await w.write(rows(), { key: "k1" });
    expect(again.duplicate).toBe(true);
    expect(stored.sort()).toEqual(["inference_events:r-0", "inference_events:r-1", "shadow_comparisons:s"]);
    expect(w.getStats()).toMatchObject({ duplicateRequests: 1, skippedTableWrites: 1 });
  });

  it("a retry that arrives while the original is queued waits for it, then is a duplicate", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let n = 0;
    const w = new BatchWriter(async (_t, rows) => {
      n += rows.length;
      await gate;
    }, { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
    const a = w.write(req("x", 3), { key: "same" });
    const b = w.write(req("x", 3), { key: "same" });
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect(await a).toEqual({ duplicate: false, skippedTables: [] });
    expect(await b).toMatchObject({ duplicate: true });
    expect(n).toBe(3);
  });

  it("names every INSERT with a token from its requests: the same for a request alone on every attempt", async () => {
    const tokens: (string | undefined)[] = [];
    let fail = true;
    const w = new BatchWriter(async (_t, rows) => {
      tokens.push(insertTokenOf(rows));
      if (fail) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    }, { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
    await settle(w.write(req("y"), { key: "req-y" }));
    fail = false;
    // A fresh writer (a restart, or the digest's window passed): the token is still the same.
    const w2 = new BatchWriter(async (_t, rows) => void tokens.push(insertTokenOf(rows)), { maxBatchRows: 10_000, lingerMs: 1, maxQueuedRows: 100_000 });
    await w2.write(req("y"), { key: "req-y" });
    await w2.write(req("z"), { key: "req-z" });
    expect(tokens[0]).toBeTruthy();
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });
});

describe("OTLP answers for writer errors", () => {
  const body = () => {
    const t = BigInt(Date.now() - 1000) * 1_000_000n;
    return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: "d" } }] }, scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "s", startTimeUnixNano: String(t), endTimeUnixNano: String(t + 1_000_000n) }] }] }] });
  };
  const answer = async (insert: () => Promise<void>) => {
    const deps = { pipeline: new IngestPipeline(new BatchWriter(insert, { maxBatchRows: 100, lingerMs: 1, maxQueuedRows: 1000 })), maxBodyBytes: 1 << 20, admission: new Admission(DEFAULT_ADMISSION_OPTIONS), authorize: async () => true as const };
    const res = await handleOtlp("traces", new Request("http://x/v1/traces", { method: "POST", headers: { "content-type": "application/json" }, body: body() }), deps);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), json: await res.json() };
  };

  it("a request the database refused as data: 400 naming the table and the problem, no Retry-After", async () => {
    const a = await answer(async () => { throw parseError(); });
    expect(a.status).toBe(400);
    expect(a.retryAfter).toBeNull();
    expect(a.json.message).toMatch(/the database refused this request's (inference_events|manifests) rows: Cannot parse escape sequence.*other senders' rows were stored/);
  });

  it("the database unavailable: 503 with Retry-After, as before", async () => {
    const a = await answer(async () => { throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }); });
    expect(a.status).toBe(503);
    expect(a.retryAfter).toBe("5");
  });
});

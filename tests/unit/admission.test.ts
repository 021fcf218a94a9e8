import { describe, expect, it } from "vitest";
import { Admission } from "@/ingest/admission";
import { handleOtlp } from "@/ingest/http";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";

const MiB = 1024 * 1024;
const opts = { targetLatencyMs: 4_000, minLimitBytes: 2 * MiB, maxLimitBytes: 10 * MiB, increase: 0.25, decrease: 0.5 };

/** An Admission on a hand-driven clock. */
function clocked(o = opts) {
  let t = 0;
  const a = new Admission(o, () => t);
  return { a, tick: (ms: number) => (t += ms) };
}

function admitted(a: Admission, bytes: number): () => void {
  const r = a.admit(bytes);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.done;
}

describe("Admission", () => {
  it("admits up to the limit, always admits when idle, and says why it refuses", () => {
    const { a } = clocked();
    const big = admitted(a, 9 * MiB);
    const refused = a.admit(2 * MiB);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.reason).toMatch(/9\.0 MiB already in progress, limit 10\.0 MiB/);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(a.admit(1 * MiB).ok).toBe(true); // still fits
    big();
    expect(a.stats().refused).toBe(1);
  });

  it("shrinks the limit from what was in progress when requests come back slower than the target", () => {
    const { a, tick } = clocked();
    const done = [1, 2, 3, 4].map(() => admitted(a, 1 * MiB));
    tick(6_000);
    done[0](); // slow: limit = (3 + 1 MiB in progress) × 0.5
    expect(a.stats().limitBytes).toBe(2 * MiB);
    done[1](); // slow again, within the same interval: no second cut
    expect(a.stats().limitBytes).toBe(2 * MiB);
    expect(a.admit(1 * MiB).ok).toBe(false); // 2 MiB still in progress
    expect(a.stats().latencyMs).toBeGreaterThan(4_000);
    done[2]();
    done[3]();
  });

  it("grows the limit back while requests finish under the target, up to the maximum", () => {
    const { a, tick } = clocked();
    const done = [1, 2, 3, 4].map(() => admitted(a, 1 * MiB));
    tick(6_000);
    for (const d of done) d();
    expect(a.stats().limitBytes).toBe(2 * MiB);
    for (let i = 0; i < 20; i++) {
      const d = admitted(a, 1 * MiB);
      tick(500);
      d();
    }
    expect(a.stats().limitBytes).toBe(7 * MiB); // 2 + 20 × 0.25
    for (let i = 0; i < 100; i++) admitted(a, 0)(); // zero-byte requests do not grow it
    expect(a.stats().limitBytes).toBe(7 * MiB);
    for (let i = 0; i < 100; i++) admitted(a, 1 * MiB)();
    expect(a.stats().limitBytes).toBe(10 * MiB);
  });

  it("counts acceptances and refusals over the last minute only", () => {
    const { a, tick } = clocked({ ...opts, maxLimitBytes: 2 * MiB });
    tick(1_000_000);
    const held = admitted(a, 2 * MiB);
    expect(a.admit(1).ok).toBe(false);
    a.noteRefused(); // the writer's full queue
    a.noteAccepted();
    expect(a.recent()).toEqual({ accepted: 1, refused: 2 });
    tick(30_000);
    expect(a.admit(1).ok).toBe(false);
    expect(a.recent()).toEqual({ accepted: 1, refused: 3 });
    tick(31_000); // the first second is now over a minute old
    expect(a.recent()).toEqual({ accepted: 0, refused: 1 });
    held();
    expect(a.stats().refused).toBe(3); // the all-time count stays
  });

  it("counts each finished request once", () => {
    const { a, tick } = clocked();
    const d = admitted(a, 500);
    tick(5);
    d();
    d();
    expect(a.stats().pendingBytes).toBe(0);
    expect(a.stats().pendingRequests).toBe(0);
  });
});

describe("ingest over capacity", () => {
  it("answers 429 with Retry-After without reading the body, and keeps admitting once work drains", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const admission = new Admission({ ...opts, minLimitBytes: 100, maxLimitBytes: 100 });
    const deps = { pipeline: new IngestPipeline(new BatchWriter(async () => gate)), maxBodyBytes: 1_000_000, admission, authorize: async () => true as const };
    // A current timestamp: the pipeline rejects records outside its accepted time range.
    const t0 = BigInt(Date.now() - 1_000) * 1_000_000n;
    const span = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] }, scopeSpans: [{ spans: [{ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", name: "s", startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 100_000_000n) }] }] }],
    });
    const post = (body: string) => handleOtlp("traces", new Request("http://x/v1/traces", { method: "POST", headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }, body }), deps);
    const first = post(span); // held by the gated writer
    await new Promise((r) => setTimeout(r, 20));
    expect(admission.stats().pendingRequests).toBe(1);
    const refused = await post(span);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).message).toMatch(/over capacity/);
    release();
    expect((await first).status).toBe(200);
    expect(admission.stats().pendingRequests).toBe(0);
    expect((await post(span)).status).toBe(200);
  });
});

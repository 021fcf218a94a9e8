import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/rate-limit";
import { handleOtlp } from "@/ingest/http";
import { IngestPipeline } from "@/ingest/pipeline";
import { BatchWriter } from "@/ingest/writer";
import { Admission } from "@/ingest/admission";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with a wait, then refills", () => {
    const r = new RateLimiter(1, 3);
    const t = 1_000_000;
    expect([r.take("k", t), r.take("k", t), r.take("k", t)]).toEqual([0, 0, 0]);
    expect(r.take("k", t)).toBe(1);
    expect(r.take("other", t)).toBe(0);
    expect(r.take("k", t + 1000)).toBe(0);
  });
  it("stays bounded in memory", () => {
    const r = new RateLimiter(1, 1, 100);
    for (let i = 0; i < 1000; i++) r.take(`k${i}`);
    expect((r as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe("ingest over its rate", () => {
  it("answers 429 with Retry-After and says why", async () => {
    const pipeline = new IngestPipeline(new BatchWriter(async () => undefined));
    const res = await handleOtlp("traces", new Request("http://x/v1/traces", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: "{}" }), {
      pipeline,
      maxBodyBytes: 1024,
      admission: new Admission(),
      authorize: async () => ({ retryAfterSeconds: 2 }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect((await res.json()).message).toMatch(/over its ingest rate/);
  });
});

describe("RateLimiter.peek", () => {
  it("reports a wait without consuming", () => {
    const r = new RateLimiter(1, 2);
    const t = 5_000_000;
    expect(r.peek("k", t)).toBe(0);
    r.take("k", t);
    r.take("k", t);
    expect(r.peek("k", t)).toBe(1);
    expect(r.peek("k", t)).toBe(1);
    expect(r.peek("k", t + 1000)).toBe(0);
  });
});

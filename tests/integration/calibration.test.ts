// The calibration reference over OTLP/HTTP into the real embedded ClickHouse: valid points stored
// (the newest per cell and feature, of the newest dataset), bad ones rejected by name without
// costing the rest of the request, and the evaluator's advisory inputs reading it back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { calibrationCells } from "@/clickhouse/queries/drift";
import { advisoryChecks, FIRST_HOUR_MS } from "@/lib/judgment/advisory";
import { DEFAULT_POLICY, resolveChecks } from "@/lib/policy";
import { signedBin } from "@/lib/stats/log-bins";
import { clickhouseStore } from "@/server/workers/judgment-store";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { rows, uniqueDeployment } from "@/testkit/db";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startIngestServer();
  key = await createKey(["ingest"]);
});
afterAll(async () => server?.close());

const nano = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });

function resource(deployment: string, arm: string, dataset: string | null) {
  return { attributes: [str("service.name", "svc"), str("quantlens.deployment", deployment), str("quantlens.arm", arm), ...(dataset ? [str("quantlens.calibration.dataset", dataset)] : [])] };
}

interface Point {
  attrs: { key: string; value: { stringValue: string } }[];
  bounds: number[];
  counts: number[];
  sum?: number;
  at?: number;
}

function calibration(points: Point[]) {
  return {
    name: "quantlens.calibration.input",
    unit: "1",
    histogram: {
      aggregationTemporality: 2,
      dataPoints: points.map((p) => ({
        attributes: p.attrs,
        startTimeUnixNano: nano((p.at ?? Date.now()) - 60_000),
        timeUnixNano: nano(p.at ?? Date.now()),
        count: String(p.counts.reduce((a, b) => a + b, 0)),
        ...(p.sum !== undefined ? { sum: p.sum } : {}),
        bucketCounts: p.counts.map(String),
        explicitBounds: p.bounds,
      })),
    },
  };
}

async function postMetrics(body: unknown) {
  const res = await fetch(`${server.url}/v1/metrics`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { partialSuccess?: { rejectedDataPoints?: string | number; errorMessage?: string } } };
}

const feature = (f: string) => str("quantlens.calibration.feature", f);
const BOUNDS = [100, 1000, 10000];

describe("quantlens.calibration.input", () => {
  it("stores valid points per cell and rejects bad ones by name, keeping the rest of the request", async () => {
    const d = uniqueDeployment("calib");
    const memory = { name: "quantlens.memory.used", unit: "By", gauge: { dataPoints: [{ attributes: [str("quantlens.memory.kind", "total")], timeUnixNano: nano(Date.now()), asDouble: 5e9 }] } };
    const res = await postMetrics({
      resourceMetrics: [
        {
          resource: resource(d, "canary", "c4-en-512@sha256:9f2c41e7"),
          scopeMetrics: [{
            scope: { name: "t" },
            metrics: [
              memory,
              calibration([
                { attrs: [feature("prompt_tokens")], bounds: BOUNDS, counts: [10, 50, 30, 10], sum: 123456 },
                { attrs: [feature("prompt_tokens"), str("quantlens.slice.language", "ja")], bounds: BOUNDS, counts: [40, 50, 10, 0] },
                { attrs: [feature("prompt_tokens"), str("quantlens.slice.language", "ja"), str("quantlens.slice.task", "chat")], bounds: BOUNDS, counts: [1, 1, 1, 1] },
                { attrs: [feature("prompt_tokens")], bounds: [100, 50, 1000], counts: [1, 1, 1, 1] },
                { attrs: [], bounds: BOUNDS, counts: [1, 1, 1, 1] },
              ]),
            ],
          }],
        },
        { resource: resource(d, "baseline", "c4-en-512@sha256:9f2c41e7"), scopeMetrics: [{ scope: { name: "t" }, metrics: [calibration([{ attrs: [feature("prompt_tokens")], bounds: BOUNDS, counts: [1, 1, 1, 1] }])] }] },
        { resource: resource(d, "canary", null), scopeMetrics: [{ scope: { name: "t" }, metrics: [calibration([{ attrs: [feature("prompt_tokens")], bounds: BOUNDS, counts: [1, 1, 1, 1] }])] }] },
      ],
    });
    expect(res.status).toBe(200);
    expect(Number(res.json.partialSuccess?.rejectedDataPoints)).toBe(5);
    const msg = res.json.partialSuccess?.errorMessage ?? "";
    expect(msg).toContain("at most one quantlens.slice.<dimension> attribute per point");
    expect(msg).toContain("explicitBounds must increase strictly");
    expect(msg).toContain("quantlens.calibration.feature must name the input feature");
    expect(msg).toContain("send it on the canary's resource (quantlens.arm=canary)");
    expect(msg).toContain("needs the resource attribute quantlens.calibration.dataset");
    // The valid points and the memory gauge of the same request are stored.
    const mem = await rows<{ n: number }>(`SELECT toUInt32(count()) n FROM resource_samples WHERE deployment = {d:String}`, { d });
    expect(mem[0].n).toBe(1);
    const cal = await calibrationCells(await db(), d);
    expect(cal.map((r) => [r.dimension, r.value, r.feature, Number(r.n)]).sort()).toEqual([["", "", "prompt_tokens", 100], ["language", "ja", "prompt_tokens", 100]]);
    const whole = cal.find((r) => r.dimension === "")!;
    expect(whole.dataset).toBe("c4-en-512@sha256:9f2c41e7");
    expect(whole.total).toBe(123456);
    // Each bucket at the bin of its upper bound; the open top bucket one bin past the last bound.
    expect(Object.fromEntries(Object.entries(whole.bins).map(([k, v]) => [k, Number(v)]))).toEqual({ [signedBin(100)]: 10, [signedBin(1000)]: 50, [signedBin(10000)]: 30, [signedBin(10000) + 1]: 10 });
  });

  it("reads the newest point per cell and feature, of the newest dataset", async () => {
    const d = uniqueDeployment("calib-newest");
    const send = (dataset: string, counts: number[], at: number, slice?: string) =>
      postMetrics({ resourceMetrics: [{ resource: resource(d, "canary", dataset), scopeMetrics: [{ scope: { name: "t" }, metrics: [calibration([{ attrs: [feature("prompt_tokens"), ...(slice ? [str("quantlens.slice.language", slice)] : [])], bounds: BOUNDS, counts, at }])] }] }] });
    const now = Date.now();
    expect((await send("set-a", [1, 2, 3, 4], now - 120_000, "de")).status).toBe(200);
    expect((await send("set-a", [5, 5, 5, 5], now - 60_000, "de")).status).toBe(200);
    let cal = await calibrationCells(await db(), d);
    expect(cal.map((r) => Number(r.n))).toEqual([20]);
    // A new calibration set replaces the old one everywhere, even cells it does not cover yet.
    expect((await send("set-b", [1, 1, 1, 1], now - 30_000)).status).toBe(200);
    cal = await calibrationCells(await db(), d);
    expect(cal.map((r) => [r.dataset, r.dimension, Number(r.n)])).toEqual([["set-b", "", 4]]);
  });

  it("feeds the evaluator's advisory inputs: the canary's epoch and first hour, and the calibration set", async () => {
    const d = uniqueDeployment("calib-advisory");
    const now = Date.now();
    const epochStart = now - 2 * FIRST_HOUR_MS;
    // Canary traffic in language=ja: prompts around 2,000 tokens in the first hour and after it.
    const spans = [epochStart + 10 * 60_000, now - 5 * 60_000].flatMap((t, w) =>
      Array.from({ length: 40 }, (_, i) => ({
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: (w * 100 + i + 1).toString(16).padStart(16, "0"),
        name: "inference",
        kind: 2,
        startTimeUnixNano: nano(t + i),
        endTimeUnixNano: nano(t + i + 50),
        attributes: [str("quantlens.request.id", `r${w}-${i}`), str("quantlens.slice.language", "ja"), { key: "quantlens.input.prompt_tokens", value: { intValue: String(1500 + 25 * i) } }],
      })),
    );
    const tr = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: [{ resource: resource(d, "canary", "c4"), scopeSpans: [{ scope: { name: "t" }, spans }] }] }),
    });
    expect(tr.status).toBe(200);
    // The baseline's inputs play no part (under a shadow path they are the canary's anyway).
    const bl = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: [{ resource: resource(d, "baseline", null), scopeSpans: [{ scope: { name: "t" }, spans: spans.slice(0, 7) }] }] }),
    });
    expect(bl.status).toBe(200);
    // The calibration set saw much shorter ja prompts: calibration staleness in that slice.
    expect((await postMetrics({ resourceMetrics: [{ resource: resource(d, "canary", "c4"), scopeMetrics: [{ scope: { name: "t" }, metrics: [calibration([{ attrs: [feature("prompt_tokens"), str("quantlens.slice.language", "ja")], bounds: BOUNDS, counts: [300, 600, 100, 0] }])] }] }] })).status).toBe(200);
    const store = clickhouseStore(await db(), null);
    const inputs = await store.advisoryInputs(d, epochStart, now);
    const ja = inputs.drift.filter((r) => r.dimension === "language" && r.value === "ja");
    expect(Object.fromEntries(ja.map((r) => [r.arm, Number(r.n)]))).toEqual({ canary: 80, first_hour: 40, calibration: 1000 });
    const byCell = advisoryChecks(resolveChecks(DEFAULT_POLICY), inputs.memory, inputs.drift, { epochStart, now });
    const v = byCell["language\u0000ja"].find((c) => c.metric === "drift_psi")!;
    expect(v.driftReference).toEqual({ kind: "calibration", dataset: "c4", scope: "slice", n: 1000 });
    expect(v.status).toBe("marginal");
    // The whole deployment has no calibration point: it is judged against the canary's first hour.
    const whole = byCell["\u0000"].find((c) => c.metric === "drift_psi")!;
    expect(whole.driftReference).toMatchObject({ kind: "canary_first_hour", n: 40, complete: true });
    expect(whole.reason.text).toContain("vs the canary's first hour");
  });
});

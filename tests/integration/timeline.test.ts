// The verdict timeline's queries, the manifest's own time and the bucketed series, against the
// real embedded ClickHouse (and, for the manifest, real OTLP over HTTP).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { manifestVersions } from "@/clickhouse/queries/deployments";
import { putIncident } from "@/clickhouse/queries/incidents";
import { putVerdicts } from "@/clickhouse/queries/judgment";
import { insertPolicy } from "@/clickhouse/queries/policies";
import { statusBefore, statusChanges } from "@/clickhouse/queries/timeline";
import { requestSeries, shadowSeries } from "@/clickhouse/queries/timeseries";
import { chTimeMs, parseChTime } from "@/clickhouse/time";
import type { Status } from "@/lib/judgment/types";
import { DEFAULT_POLICY } from "@/lib/policy";
import { bucketKey, chartAxis } from "@/lib/view/series";
import { runtime } from "@/server/runtime/runtime";
import { deploymentTimeline } from "@/server/services/timeline";
import { startIngestServer, type TestServer } from "@/testkit/http-server";
import { createKey } from "@/testkit/keys";
import { rows, uniqueDeployment } from "@/testkit/db";
import { notEvaluated } from "@/server/services/verdicts";

let server: TestServer;
let key: string;

beforeAll(async () => {
  await runtime();
  server = await startIngestServer();
  key = await createKey(["ingest"]);
});
afterAll(async () => server?.close());

const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

function traces(deployment: string, arm: string, format: string, starts: number[]) {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: `${deployment}-${arm}` } },
            { key: "quantlens.deployment", value: { stringValue: deployment } },
            { key: "quantlens.arm", value: { stringValue: arm } },
            { key: "quantlens.quant.format", value: { stringValue: format } },
          ],
        },
        scopeSpans: [
          {
            scope: { name: "t" },
            spans: starts.map((s, i) => ({
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: (i + 1).toString(16).padStart(16, "0"),
              name: "inference",
              kind: 2,
              startTimeUnixNano: ns(s),
              endTimeUnixNano: ns(s + 120),
              attributes: [
                { key: "quantlens.request.id", value: { stringValue: `r${s}-${i}` } },
                { key: "quantlens.slice.language", value: { stringValue: i % 2 ? "de" : "en" } },
              ],
            })),
          },
        ],
      },
    ],
  });
}

async function send(body: string) {
  const res = await fetch(`${server.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
  expect(res.status, await res.text()).toBe(200);
}

describe("the manifest's time", () => {
  it("is the data's own time (its earliest span), not when the server received it", async () => {
    const d = uniqueDeployment("mtime");
    const sent = Date.now();
    // A backfill: spans from 40 and 25 minutes ago arrive now.
    const old = sent - 40 * 60_000;
    await send(traces(d, "canary", "W4A16", [sent - 25 * 60_000, old, sent - 30 * 60_000]));
    const later = sent - 10 * 60_000;
    await send(traces(d, "canary", "FP8", [later]));
    const v = await manifestVersions(await db(), d);
    expect(v.map((x) => x.quant_format)).toEqual(["W4A16", "FP8"]);
    expect(parseChTime(v[0].first_seen)).toBe(old);
    expect(parseChTime(v[1].first_seen)).toBe(later);
    // The arrival is kept apart.
    expect(parseChTime(v[0].received_at)).toBeGreaterThanOrEqual(sent - 1000);
  });

  it("moves back when a backfill arrives after live traffic of the same manifest", async () => {
    const d = uniqueDeployment("mback");
    const now = Date.now();
    await send(traces(d, "canary", "W4A16", [now - 5_000]));
    const old = now - 30 * 60_000;
    await send(traces(d, "canary", "W4A16", [old, now - 20 * 60_000]));
    // Data only seconds older than stored does not write the manifest again.
    await send(traces(d, "canary", "W4A16", [old - 10_000]));
    const v = await manifestVersions(await db(), d);
    expect(v).toHaveLength(1);
    expect(parseChTime(v[0].first_seen)).toBe(old);
    const stored = await rows<{ n: number }>("SELECT toUInt32(count()) AS n FROM manifests WHERE deployment = {d:String}", { d });
    expect(Number(stored[0].n)).toBe(2);
  });
});

describe("the verdict timeline", () => {
  const verdict = (d: string, at: number, status: Status, since = at) => ({ ...notEvaluated(d, at), status, since: new Date(since).toISOString() });

  it("reads status changes only, newest first, and the status before the window", async () => {
    const client = await db();
    const d = uniqueDeployment("tl");
    const t0 = Date.now() - 60 * 60_000;
    const statuses: Status[] = ["insufficient_data", "inconclusive", "inconclusive", "fail", "fail", "fail", "pass", "pass"];
    // One verdict every 5 minutes; the fail's `since` is a minute before its first verdict.
    await putVerdicts(client, statuses.map((s, i) => verdict(d, t0 + i * 5 * 60_000, s, s === "fail" && i === 3 ? t0 + i * 5 * 60_000 - 60_000 : t0 + i * 5 * 60_000)));
    const changes = await statusChanges(client, d, t0, t0 + 60 * 60_000, 100);
    expect(changes.map((c) => c.status)).toEqual(["pass", "fail", "inconclusive", "insufficient_data"]);
    expect(parseChTime(changes[1].at)).toBe(t0 + 15 * 60_000 - 60_000);
    // Capped at the newest.
    expect((await statusChanges(client, d, t0, t0 + 60 * 60_000, 2)).map((c) => c.status)).toEqual(["pass", "fail"]);
    expect(await statusBefore(client, d, t0)).toBeNull();
    expect((await statusBefore(client, d, t0 + 22 * 60_000))?.status).toBe("fail");
  });

  it("puts segments and the incident, policy and manifest markers on the window", async () => {
    const client = await db();
    const d = uniqueDeployment("tls");
    const now = Date.now();
    // The window reaches a minute past now, so the policy saved below is in it.
    const w = { from: now - 30 * 60_000, to: now + 60_000 };
    await putVerdicts(client, [verdict(d, now - 40 * 60_000, "pass"), verdict(d, now - 20 * 60_000, "fail"), verdict(d, now - 10 * 60_000, "fail")]);
    await putIncident(client, { id: `inc_${d}`, deployment: d, episode: 1, status: "open", opened_at: chTimeMs(now - 19 * 60_000), resolved_at: null, acknowledged_by: "ana", acknowledged_at: chTimeMs(now - 15 * 60_000), policy_version: 0, reason: "fail", evidence: "{}" });
    await insertPolicy(client, { deployment: d, policy: DEFAULT_POLICY, author: "ana", reason: "tighter" });
    await send(traces(d, "canary", "W4A16", [now - 25 * 60_000]));
    const t = await deploymentTimeline(d, w);
    expect(t.segments.map((s) => s.status)).toEqual(["pass", "fail"]);
    expect(t.segments[0].left).toBe(0);
    expect(t.segments[1].left).toBeCloseTo(10 / 31, 3);
    // The band ends now, not at the window's end.
    expect(t.segments[1].to).toBeLessThanOrEqual(Date.now());
    expect(t.current).toBe("fail");
    expect(t.markers.map((m) => m.kind)).toEqual(["manifest_change", "incident_opened", "incident_acknowledged", "policy_change"]);
    expect(t.markers[1].href).toBe(`/incidents/inc_${d}`);
    expect(t.markers[3].href).toContain(`/policies?deployment=${d}`);
  });
});

describe("series per bucket", () => {
  it("groups minutes into the axis' buckets, epoch-aligned", async () => {
    const client = await db();
    const d = uniqueDeployment("bucket");
    const now = Date.now();
    const base = Math.floor(now / 300_000) * 300_000 - 600_000;
    // Three spans in one 5-minute bucket (different minutes), one in the next.
    await send(traces(d, "canary", "W4A16", [base + 10_000, base + 70_000, base + 130_000, base + 310_000]));
    const w = { from: base - 24 * 3_600_000 + 600_000, to: now };
    const axis = chartAxis(w);
    expect(axis.step).toBe(5);
    const r = await requestSeries(client, d, { dimension: "", value: "" }, w, axis.step);
    expect(r.map((x) => [x.t, Number(x.requests)])).toEqual([
      [bucketKey(base), 3],
      [bucketKey(base + 300_000), 1],
    ]);
    expect(axis.buckets).toContain(base);
    // Per minute by default.
    expect((await requestSeries(client, d, { dimension: "", value: "" }, w)).length).toBe(4);
    expect(await shadowSeries(client, d, { dimension: "", value: "" }, w, axis.step)).toEqual([]);
  });
});

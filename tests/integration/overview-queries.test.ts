// The overview's queries against the real embedded ClickHouse: each deployment's newest verdict
// headline (from the production persistence), its newest open incident, and its slice
// dimensions with only their busiest values, the distinct count and the folded flag.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { putIncident, type IncidentRow } from "@/clickhouse/queries/incidents";
import { putVerdicts } from "@/clickhouse/queries/judgment";
import { dimensionSummaries, latestVerdictHeadlines, openIncidents } from "@/clickhouse/queries/overview";
import { chTimeMs } from "@/clickhouse/time";
import { runtime } from "@/server/runtime/runtime";
import { datasetCells, syntheticVerdict } from "@/testkit/dataset";
import { uniqueDeployment } from "@/testkit/db";

beforeAll(async () => {
  await runtime();
});

describe("overview queries", () => {
  it("reads the newest verdict of each deployment, its headline only, with the body's own times", async () => {
    const client = await db();
    const d = uniqueDeployment("ov");
    const now = Date.now();
    const cells = datasetCells();
    const older = syntheticVerdict({ deployment: d, at: now - 60_000, since: now - 120_000, cells });
    const newer = syntheticVerdict({ deployment: d, at: now, since: now - 30_000, cells, failing: [{ dimension: "language", value: "de" }] });
    await putVerdicts(client, [older, newer]);
    const mine = (await latestVerdictHeadlines(client)).filter((h) => h.deployment === d);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      evaluated_at: newer.evaluatedAt,
      since: newer.since,
      status: "fail",
      worst_dimension: "language",
      worst_value: "de",
      worst_metric: "exact_match",
      worst_status: "fail",
      policy_name: "default",
      failing: 2,
    });
  });

  it("names the newest open incident of each deployment and counts them; resolved ones are left out", async () => {
    const client = await db();
    const d = uniqueDeployment("ovinc");
    const now = Date.now();
    const base: IncidentRow = { id: `inc_${d}_1`, deployment: d, episode: 1, status: "open", opened_at: chTimeMs(now - 600_000), resolved_at: null, acknowledged_by: "", acknowledged_at: null, policy_version: 1, reason: "r", evidence: "{}" };
    await putIncident(client, base);
    await putIncident(client, { ...base, id: `inc_${d}_2`, episode: 2, opened_at: chTimeMs(now - 60_000) });
    const resolved = uniqueDeployment("ovres");
    await putIncident(client, { ...base, id: `inc_${resolved}`, deployment: resolved });
    await putIncident(client, { ...base, id: `inc_${resolved}`, deployment: resolved, status: "resolved", resolved_at: chTimeMs(now) });
    const open = await openIncidents(client);
    expect(open.filter((i) => i.deployment === d)).toEqual([{ deployment: d, id: `inc_${d}_2`, opened_at: chTimeMs(now - 60_000), open: 2 }]);
    expect(open.some((i) => i.deployment === resolved)).toBe(false);
  });

  it("lists each dimension's busiest values only, with the distinct count and whether values were folded", async () => {
    const client = await db();
    const d = uniqueDeployment("ovdim");
    const now = Date.now();
    await client.command({
      query: `INSERT INTO inference_events (deployment, arm, ts, request_id, latency_ms, slices)
        SELECT {d:String}, 'baseline', fromUnixTimestamp64Milli(toInt64({t:Int64})), toString(number), 100,
          map('tenant', if(number < 10, 'big', if(number = 10, '__other__', concat('t', toString(number)))), 'zone', if(number % 2 = 0, 'a', 'b'))
        FROM numbers(40)`,
      query_params: { d, t: now },
    });
    const mine = (await dimensionSummaries(client, 3)).filter((x) => x.deployment === d);
    expect(mine.map((x) => x.dimension)).toEqual(["tenant", "zone"]);
    expect(mine[0].values).toHaveLength(3);
    expect(mine[0].values[0]).toBe("big");
    expect(Number(mine[0].distinct)).toBe(31);
    expect(Number(mine[0].folded)).toBe(1);
    expect(mine[1]).toMatchObject({ values: ["b", "a"], distinct: 2, folded: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { loadMigrations, renderMigration } from "@/clickhouse/migrate";

describe("renderMigration", () => {
  const all = loadMigrations();

  it("renders one-node statements with plain engines and no placeholders", () => {
    for (const m of all) {
      for (const s of renderMigration(m.sql, { cluster: null, rawTtlDays: 7 })) {
        expect(s).not.toMatch(/\{\{|ON CLUSTER|Replicated|Distributed|_local/);
      }
    }
    const raw = renderMigration(all[0].sql, { cluster: null, rawTtlDays: 7 }).join("\n");
    expect(raw).toContain("INTERVAL 7 DAY");
  });

  it("renders a cluster with Replicated local tables, Distributed tables and views on the local tables", () => {
    const stmts = all.flatMap((m) => renderMigration(m.sql, { cluster: "prod", rawTtlDays: 30 }));
    const events = stmts.find((s) => s.startsWith("CREATE TABLE IF NOT EXISTS inference_events_local"))!;
    expect(events).toContain("ON CLUSTER prod");
    expect(events).toContain("ENGINE = ReplicatedMergeTree");
    expect(stmts).toContain(
      "CREATE TABLE IF NOT EXISTS inference_events ON CLUSTER prod AS inference_events_local ENGINE = Distributed(prod, currentDatabase(), inference_events_local, rand())",
    );
    const keys = stmts.find((s) => s.startsWith("CREATE TABLE IF NOT EXISTS api_keys ON CLUSTER"))!;
    expect(keys).toContain("cityHash64(id)");
    const view = stmts.find((s) => s.includes("MATERIALIZED VIEW IF NOT EXISTS request_minute_from_events_local"))!;
    expect(view).toContain("TO request_minute_local");
    expect(view).toContain("FROM inference_events_local");
    expect(stmts.find((s) => s.includes("ReplicatedAggregatingMergeTree"))).toBeTruthy();
  });

  it("only numbered migrations, in order", () => {
    const versions = all.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});

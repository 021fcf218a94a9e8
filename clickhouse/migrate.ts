// Runs the numbered .sql files under clickhouse/migrations once each, in order, recording
// each in quantlens_migrations with a checksum so an edited released migration is caught.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import type { DbConfig } from "./config";
import { chTimeMs } from "./time";

// Read at run time from the checkout (not bundled): keep the tracer from pulling in the project.
export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "clickhouse", "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), "utf8");
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ""),
        sql,
        checksum: crypto.createHash("sha256").update(sql).digest("hex"),
      };
    });
}

type Templating = Pick<DbConfig, "cluster" | "rawTtlDays">;

// Slice cells of a record: the whole deployment, each dimension, and pairs of the first six.
const SLICE_CELLS = `arrayConcat(
    [('', '')],
    arrayMap(k -> (k, slices[k]), mapKeys(slices)),
    arrayFlatten(arrayMap(i -> arrayMap(j -> (
        concat(arraySort(mapKeys(slices))[i], '×', arraySort(mapKeys(slices))[j]),
        concat(slices[arraySort(mapKeys(slices))[i]], '×', slices[arraySort(mapKeys(slices))[j]])),
      range(i + 1, least(length(slices), 6) + 1)), range(1, least(length(slices), 6) + 1))))`;

/**
 * Expands the placeholders of a migration into runnable statements. One node: plain engines.
 * A cluster: *_local Replicated tables ON CLUSTER, with Distributed tables under the plain names.
 * Only validated identifiers and integers from DbConfig are substituted, never user data.
 */
export function renderMigration(sql: string, t: Templating): string[] {
  const onCluster = t.cluster ? `ON CLUSTER ${t.cluster}` : "";
  const body = sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .replaceAll("{{ON_CLUSTER}}", onCluster)
    .replaceAll("{{LOCAL}}", t.cluster ? "_local" : "")
    .replaceAll("{{RAW_TTL_DAYS}}", String(t.rawTtlDays))
    .replaceAll("{{SLICE_CELLS}}", SLICE_CELLS)
    .replace(/\{\{ENGINE:(\w+)\}\}/g, (_m, engine: string) => (t.cluster ? `Replicated${engine}` : engine));
  const statements: string[] = [];
  for (const raw of body.split(/;\s*(?:\n|$)/)) {
    const stmt = raw.trim();
    if (!stmt) continue;
    const dist = /^\{\{DISTRIBUTED:(\w+)(?::([^}]+))?\}\}$/.exec(stmt);
    if (dist) {
      if (t.cluster) {
        const [, table, key] = dist;
        statements.push(
          `CREATE TABLE IF NOT EXISTS ${table} ${onCluster} AS ${table}_local ` +
            `ENGINE = Distributed(${t.cluster}, currentDatabase(), ${table}_local, ${key ?? "rand()"})`,
        );
      }
      continue;
    }
    if (stmt.includes("{{")) throw new Error(`unknown placeholder in migration: ${stmt.slice(0, 80)}`);
    statements.push(stmt);
  }
  return statements;
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export async function migrate(client: Db, config: Templating, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const onCluster = config.cluster ? `ON CLUSTER ${config.cluster}` : "";
  const engine = config.cluster ? "ReplicatedMergeTree" : "MergeTree";
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS quantlens_migrations ${onCluster}
      (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
      ENGINE = ${engine} ORDER BY version`,
  });
  const done = await (
    await client.query({ query: "SELECT version, name, checksum FROM quantlens_migrations", format: "JSONEachRow" })
  ).json<{ version: number; name: string; checksum: string }>();
  const byVersion = new Map(done.map((d) => [Number(d.version), d]));
  const result: MigrateResult = { applied: [], skipped: [] };
  for (const m of loadMigrations(dir)) {
    const prior = byVersion.get(m.version);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        throw new Error(
          `migration ${m.name} was edited after it was applied (checksum differs); add a new migration instead`,
        );
      }
      result.skipped.push(m.name);
      continue;
    }
    for (const stmt of renderMigration(m.sql, config)) {
      await client.command({ query: stmt });
    }
    await client.insert({
      table: "quantlens_migrations",
      format: "JSONEachRow",
      values: [{ version: m.version, name: m.name, checksum: m.checksum, applied_at: chTimeMs(Date.now()) }],
    });
    result.applied.push(m.name);
  }
  return result;
}

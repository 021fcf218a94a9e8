// Database settings from the environment, read once.
import path from "node:path";

export interface DbConfig {
  /** Set when talking to a ClickHouse server; otherwise chdb runs embedded. */
  url: string | null;
  username: string;
  password: string;
  database: string;
  /** Cluster name for ON CLUSTER / Replicated / Distributed, or null for one node. */
  cluster: string | null;
  /** Embedded data directory. */
  dataDir: string;
  rawTtlDays: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function readDbConfig(env: Record<string, string | undefined> = process.env): DbConfig {
  const cluster = env.CLICKHOUSE_CLUSTER?.trim() || null;
  if (cluster && !IDENT.test(cluster)) {
    throw new Error(`CLICKHOUSE_CLUSTER must be an identifier ([A-Za-z_][A-Za-z0-9_]*), got ${JSON.stringify(cluster)}`);
  }
  const database = env.CLICKHOUSE_DATABASE?.trim() || "default";
  if (!IDENT.test(database)) throw new Error(`CLICKHOUSE_DATABASE must be an identifier, got ${JSON.stringify(database)}`);
  const ttl = Number(env.QUANTLENS_RAW_TTL_DAYS ?? "30");
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 3650) {
    throw new Error(`QUANTLENS_RAW_TTL_DAYS must be an integer from 1 to 3650, got ${JSON.stringify(env.QUANTLENS_RAW_TTL_DAYS)}`);
  }
  return {
    url: env.CLICKHOUSE_URL?.trim() || null,
    username: env.CLICKHOUSE_USER ?? "default",
    password: env.CLICKHOUSE_PASSWORD ?? "",
    database,
    cluster,
    dataDir: path.resolve(env.QUANTLENS_DATA_DIR || "./data"),
    rawTtlDays: ttl,
  };
}

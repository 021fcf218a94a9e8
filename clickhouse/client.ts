// The one ClickHouse client of the process: embedded chdb by default, a server when
// CLICKHOUSE_URL is set. Kept on globalThis so Next.js module copies share it.
import fs from "node:fs";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import { readDbConfig, type DbConfig } from "./config";

export type Db = ClickHouseClient;

/** Raised when another process holds the embedded data directory. */
export class DataDirLockedError extends Error {
  constructor(public readonly dir: string) {
    super(
      `The embedded ClickHouse data directory ${dir} is in use by another process. ` +
        `Only one process may open it: stop the other Quantlens process (or its tests), ` +
        `or point QUANTLENS_DATA_DIR at a different directory.`,
    );
    this.name = "DataDirLockedError";
  }
}

interface Holder {
  client?: Promise<Db>;
  writer?: Promise<Db>;
  config?: DbConfig;
}
const holder: Holder = ((globalThis as Record<string, unknown>).__quantlensDb ??= {}) as Holder;

// Same settings on both backends so chdb and a server return identical JSON.
const SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  date_time_input_format: "best_effort",
} as const;

async function open(config: DbConfig): Promise<Db> {
  if (config.url) {
    return createClient({
      url: config.url,
      username: config.username,
      password: config.password,
      database: config.database,
      clickhouse_settings: { ...SETTINGS, insert_distributed_sync: config.cluster ? 1 : 0 },
      request_timeout: 30_000,
    });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Loaded lazily: the library is large and only the embedded path needs it.
  const { createChdbConnection } = await import("chdb/connection");
  let connection;
  try {
    connection = createChdbConnection({ path: config.dataDir });
    // The lock is taken on first use, so touch the engine now to fail early and clearly.
    await connection.chdb.queryAsync("SELECT 1", { format: "CSV" });
  } catch (err) {
    if (/Cannot lock file|Code: 76\b|lock/i.test(String((err as Error)?.message ?? err))) {
      throw new DataDirLockedError(config.dataDir);
    }
    throw err;
  }
  // chdb's Connection type comes from client-common; @clickhouse/client bundles its own copy.
  return createClient({ connection, clickhouse_settings: SETTINGS } as unknown as Parameters<typeof createClient>[0]);
}

export function dbConfig(): DbConfig {
  return (holder.config ??= readDbConfig());
}

/** The shared client, opened on first use. */
export function db(): Promise<Db> {
  if (!holder.client) {
    holder.client = open(dbConfig()).catch((err) => {
      holder.client = undefined;
      throw err;
    });
  }
  return holder.client;
}

/**
 * The client ingest writes through. Embedded, chdb runs an INSERT only after the queries in
 * flight on its connection, so a slow dashboard query would stall ingest: the writer gets its
 * own connection to the same directory. Against a server, one client serves both.
 */
export function writerDb(): Promise<Db> {
  if (dbConfig().url) return db();
  if (!holder.writer) {
    holder.writer = db()
      .then(() => open(dbConfig()))
      .catch((err) => {
        holder.writer = undefined;
        throw err;
      });
  }
  return holder.writer;
}

export async function closeDb(): Promise<void> {
  const clients = [holder.writer, holder.client];
  holder.client = undefined;
  holder.writer = undefined;
  holder.config = undefined;
  for (const p of clients) if (p) await (await p.catch(() => null))?.close().catch(() => undefined);
}

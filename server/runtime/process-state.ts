// The one place process-wide state lives. Next.js bundles the instrumentation hook, the route
// handlers and the pages separately, and each bundle has its own copy of every module, so
// module-level state would exist once per bundle. Everything that must exist once per process
// hangs off this one object on globalThis instead; nothing else in the tree uses globalThis
// (the ClickHouse connections keep their own slot in clickhouse/client.ts, the layer below).
import type { Runtime } from "./runtime";

export interface ProcessState {
  /** The started runtime (database, migrations, keys, ingest, background work). */
  runtime?: Promise<Runtime>;
  /** The database's migrations, applied once per process. */
  migrated?: Promise<void>;
  /** Process-wide objects that do not need the database, made on first use, by name. */
  singletons: Map<string, unknown>;
}

const SLOT = "__quantlens";

export function processState(): ProcessState {
  const g = globalThis as Record<string, unknown>;
  return (g[SLOT] ??= { singletons: new Map() }) as ProcessState;
}

/** The process's one `name`, made by `make` on first use (sign-in guard, session cache, …). */
export function singleton<T>(name: string, make: () => T): T {
  const s = processState().singletons;
  if (!s.has(name)) s.set(name, make());
  return s.get(name) as T;
}

// ClickHouse's HTTP interface, served by the ClickHouse engine that chdb embeds, in its own process.
// No ClickHouse server that can run this schema installs here (Debian ships 18.16), so the fault
// tests point CLICKHOUSE_URL at this: the same @clickhouse/client HTTP requests, the same SQL
// engine, and a process that can be killed and started again on the same data.
//
// Run: tsx testkit/clickhouse-http.ts <port> <data dir>
// It covers what @clickhouse/client sends: /ping, queries in the body, INSERT … FORMAT in the
// `query` parameter with rows in the body, `param_*` query parameters, settings as URL parameters.
import http from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { endChild, ownChild, START_TIMEOUT_MS, waitUntilReady } from "@/testkit/server-process";

// Parameters of the HTTP interface that are not settings.
const NOT_SETTINGS = new Set(["query", "database", "query_id", "session_id", "session_timeout", "user", "password", "default_format"]);

async function serve(port: number, dataDir: string): Promise<void> {
  const { createChdbConnection } = await import("chdb/connection");
  const connection = createChdbConnection({ path: dataDir });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/ping") {
      res.end("Ok.\n");
      return;
    }
    const query_params: Record<string, string> = {};
    const clickhouse_settings: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (k.startsWith("param_")) query_params[k.slice(6)] = v;
      else if (!NOT_SETTINGS.has(k)) clickhouse_settings[k] = v;
    }
    const inUrl = url.searchParams.get("query");
    try {
      let out: Buffer = Buffer.alloc(0);
      if (inUrl !== null) {
        // INSERT … FORMAT X in the URL, the rows in the body.
        await connection.insert({ query: inUrl, values: body, query_params, clickhouse_settings } as never);
      } else {
        const r = await connection.exec({ query: body, query_params, clickhouse_settings } as never);
        const parts: Buffer[] = [];
        for await (const c of r.stream) parts.push(Buffer.from(c as Buffer));
        out = Buffer.concat(parts);
      }
      res.writeHead(200, { "content-type": "text/plain; charset=UTF-8", "x-clickhouse-summary": "{}" });
      res.end(out);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      res.writeHead(500, { "content-type": "text/plain; charset=UTF-8", "x-clickhouse-exception-code": String(e.code ?? "1000") });
      // The server's error text: @clickhouse/client parses "Code: N. DB::Exception: …".
      res.end(`Code: ${e.code ?? 1000}. DB::Exception: ${e.message ?? String(err)}`);
    }
  });
  // A port already taken is an exit with a message, not a process that never answers.
  server.once("error", (err) => {
    console.error(`listen ${port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
}

export interface ClickHouseHttp {
  url: string;
  proc: ChildProcess;
  /** SIGKILL: the database stops without a word. */
  kill(): Promise<void>;
}

/**
 * Starts the HTTP interface on `port` over `dataDir` in a child process, ready when it answers
 * /ping. If it is not ready (deadline, early exit, exception), the child is ended before this throws.
 */
export async function startClickHouseHttp(port: number, dataDir: string, timeoutMs = START_TIMEOUT_MS): Promise<ClickHouseHttp> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, "clickhouse-http.ts"), String(port), dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = ownChild(proc);
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady({
    what: `the ClickHouse HTTP process on port ${port}`,
    proc,
    exited,
    timeoutMs,
    log: () => log,
    everyMs: 200,
    ready: async (signal) => {
      const res = await fetch(`${url}/ping`, { signal });
      const body = await res.text();
      return res.ok || `HTTP ${res.status} ${body.slice(0, 300)}`;
    },
  });
  return { url, proc, kill: () => endChild(proc, exited, "SIGKILL") };
}

if (require.main === module) {
  const [port, dir] = process.argv.slice(2);
  serve(Number(port), dir).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

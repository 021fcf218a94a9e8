// An OTLP/JSON load client whose every span has a unique request id, so that what was
// acknowledged can be checked against what was stored.
import { execFileSync } from "node:child_process";

export interface LoadResult {
  acked: Set<string>;
  statuses: Map<number, number>;
  retryAfterMissing: number;
  errors: number;
}

let batch = 0;

// Reading a data directory starts a ClickHouse engine in a separate process; on a busy machine
// that can take minutes, so the limit is generous (it only matters if the reader hangs).
const STORED_TIMEOUT_MS = Number(process.env.QUANTLENS_TEST_STORED_TIMEOUT_MS || 300_000);

export function tracesBody(deployment: string, ids: string[]): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: ["baseline", "canary"].map((arm) => ({
      resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: deployment } }, { key: "quantlens.arm", value: { stringValue: arm } }] },
      scopeSpans: [{
        spans: ids.filter((_, i) => (i % 2 === 0) === (arm === "baseline")).map((id, i) => ({
          traceId: "5b8efff798038103d269b633813fc60c",
          spanId: (i + 1).toString(16).padStart(16, "0"),
          name: "inference",
          startTimeUnixNano: String(now - 500_000_000n),
          endTimeUnixNano: String(now - 300_000_000n),
          attributes: [
            { key: "quantlens.request.id", value: { stringValue: id } },
            { key: "quantlens.slice.language", value: { stringValue: ["en", "de", "fr"][i % 3] } },
            { key: "quantlens.input.prompt_tokens", value: { intValue: String(100 + i) } },
            { key: "padding", value: { stringValue: "x".repeat(200) } },
          ],
        })),
      }],
    })),
  });
}

export function emptyLoadResult(): LoadResult {
  return { acked: new Set(), statuses: new Map(), retryAfterMissing: 0, errors: 0 };
}

/**
 * Sends batches of `perBatch` spans with `concurrency` requests in flight until `stop()` is true.
 * Answers are counted into `o.result` as they come (pass one to wait on progress, e.g. "1,500
 * spans acknowledged"), which is also what the promise resolves to.
 */
export async function runLoad(o: { url: string; key: string; deployment: string; perBatch: number; concurrency: number; stop: () => boolean; pauseMs?: number; result?: LoadResult }): Promise<LoadResult> {
  const res: LoadResult = o.result ?? emptyLoadResult();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (!o.stop()) {
        const b = batch++;
        const ids = Array.from({ length: o.perBatch }, (_, i) => `load-${process.pid}-${b}-${i}`);
        try {
          // Bounded: a request cut off by a kill -9 must not hang the client.
          const r = await fetch(`${o.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${o.key}`, "content-type": "application/json" }, body: tracesBody(o.deployment, ids), signal: AbortSignal.timeout(30_000) });
          await r.arrayBuffer();
          res.statuses.set(r.status, (res.statuses.get(r.status) ?? 0) + 1);
          if (r.status === 200) for (const id of ids) res.acked.add(id);
          else if ((r.status === 429 || r.status === 503) && !r.headers.get("retry-after")) res.retryAfterMissing++;
          if (r.status !== 200) await new Promise((x) => setTimeout(x, 100));
        } catch {
          res.errors++;
          await new Promise((x) => setTimeout(x, 100));
        }
        if (o.pauseMs) await new Promise((x) => setTimeout(x, o.pauseMs));
      }
    }),
  );
  return res;
}

/** The request ids stored in a (closed) data directory, read by a separate process. */
export function storedIds(dataDir: string): Set<string> {
  const out = execFileSync(process.execPath, ["--import", "tsx", "testkit/stored-ids.ts"], {
    env: { ...process.env, QUANTLENS_DATA_DIR: dataDir },
    maxBuffer: 512 * 1024 * 1024,
    timeout: STORED_TIMEOUT_MS,
  }).toString();
  return new Set(JSON.parse(out) as string[]);
}

/** The number of stored inference events in a (closed) data directory. */
export function storedCount(dataDir: string): number {
  const out = execFileSync(process.execPath, ["--import", "tsx", "testkit/stored-ids.ts"], { env: { ...process.env, QUANTLENS_DATA_DIR: dataDir, COUNT: "1" }, timeout: STORED_TIMEOUT_MS }).toString();
  return Number(out);
}

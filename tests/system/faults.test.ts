// Faults, each against the real built server as a process: kill -9 under load, a full disk, an
// unreachable ClickHouse server, one that stops mid-run and comes back, a full write queue, and a
// webhook receiver that never answers. Results are written up in docs/reliability.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDemo } from "@/scripts/demo/run";
import { signIn } from "@/testkit/session";
import { emptyLoadResult, runLoad, storedIds, tracesBody } from "@/testkit/load-client";
import { startClickHouseHttp } from "@/testkit/clickhouse-http";
import { startReceiver, waitFor } from "@/testkit/receiver";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";
import { freePort } from "@/testkit/ports";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

describe("faults", () => {
  it("kill -9 under load: every acknowledged span is stored after a restart", async () => {
    let s: ServerProcess | null = await startServerProcess();
    const first = s;
    cleanups.push(() => first.stop());
    let stop = false;
    const live = emptyLoadResult();
    const load = runLoad({ url: s.url, key: s.key, deployment: "fault-kill", perBatch: 200, concurrency: 6, stop: () => stop, result: live });
    // Kill once a good amount is acknowledged (a condition: a busy machine gets there later), with
    // 6 requests in flight: some are in the writer's queue right now.
    await waitFor("2,000 acknowledged spans under load", () => live.acked.size >= 2000 || undefined, 180_000);
    await s.kill9();
    stop = true;
    const result = await load;
    expect(result.acked.size).toBeGreaterThanOrEqual(2000);
    // Restart on the same directory (recovery), stop cleanly, then count in a separate process.
    s = await startServerProcess({ dataDir: first.dataDir, key: first.key });
    const second = s;
    cleanups.push(() => second.stop());
    await s.stop();
    const stored = storedIds(first.dataDir);
    const missing = [...result.acked].filter((id) => !stored.has(id));
    expect(missing, `${missing.length} acknowledged spans missing`).toEqual([]);
  });

  it("a full write queue: 429 with Retry-After (not 503), every acknowledged span stored, and the pages say ingest is refusing", async () => {
    // Found by test:load: the writer's Overloaded crossed a Next.js bundle boundary, failed
    // `instanceof`, and came out as an "unexpected" 503.
    const s = await startServerProcess({ env: { QUANTLENS_MAX_QUEUED_ROWS: "150" } });
    cleanups.push(() => s.stop());
    const cookie = await signIn(s.url, "admin", "process-admin-password-1");
    const overview = async () => (await fetch(`${s.url}/`, { headers: { cookie } })).text();
    expect(await overview()).not.toContain("ingest-shedding");
    const acked: string[] = [];
    const answers = await Promise.all(
      Array.from({ length: 12 }, async (_, b) => {
        const ids = Array.from({ length: 100 }, (_, i) => `queue-${b}-${i}`);
        const res = await fetch(`${s.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" }, body: tracesBody("queue-full", ids) });
        const body = await res.text();
        if (res.status === 200) acked.push(...ids);
        return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
      }),
    );
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.status).toBe(429);
      expect(a.retryAfter).toBeTruthy();
      expect(a.body).toMatch(/write queue is full/);
    }
    expect(s.log()).not.toMatch(/unexpected error/);
    const page = await overview();
    expect(page).toContain("Ingest is over capacity");
    expect(page).toContain(`data-testid="ingest-refused">${refused.length}<`);
    const health = await (await fetch(`${s.url}/api/health`)).json();
    expect(health.ingest.refused).toBe(refused.length);
    expect(health.ingest.inserts).toBeGreaterThan(0);
    await s.stop();
    const stored = storedIds(s.dataDir);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
  });

  it("a full disk: ingest answers 503 with Retry-After, the server stays up, and acknowledged data is kept", async () => {
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-tmpfs-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=96m", "tmpfs", mnt]);
    cleanups.push(() => execFileSync("umount", ["-l", mnt]));
    const s = await startServerProcess({ dataDir: path.join(mnt, "data") });
    cleanups.push(() => s.stop());
    // Fill what is left of the filesystem, leaving the engine a little room.
    const free = () => Number(execFileSync("df", ["--output=avail", "-B1", mnt]).toString().split("\n")[1]);
    execFileSync("fallocate", ["-l", String(Math.max(0, free() - 4 * 1024 * 1024)), path.join(mnt, "filler")]);
    let stop = false;
    const live = emptyLoadResult();
    const load = runLoad({ url: s.url, key: s.key, deployment: "fault-disk", perBatch: 500, concurrency: 4, stop: () => stop, result: live });
    // The engine's write fails, and a sender has been told so (a 503), while the server is up.
    await waitFor("a failed write once the disk is full", () => /writing .* failed/.test(s.log()) || undefined, 180_000);
    await waitFor("a 503 at a sender", () => (live.statuses.get(503) ?? 0) > 0 || undefined, 120_000);
    stop = true;
    const result = await load;
    expect(s.proc.exitCode).toBeNull();
    expect(result.statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(result.retryAfterMissing).toBe(0);
    expect(result.statuses.get(500) ?? 0).toBe(0);
    // Still up, and says what is wrong: the database answers (reads work), so health is 200 "ok"
    // for a load balancer, and it counts the writes that failed.
    const healthRes = await fetch(`${s.url}/api/health`);
    expect(healthRes.status).toBe(200);
    const health = await healthRes.json();
    expect(health.status).toBe("ok");
    expect(health.database.status).toBe("ok");
    expect(health.ingest.failedInserts).toBeGreaterThan(0);
    expect(s.proc.exitCode).toBeNull();
    // Free the space: ingest works again without a restart (the sender retries until it is).
    fs.rmSync(path.join(mnt, "filler"));
    const deadline = Date.now() + 120_000;
    const again = emptyLoadResult();
    await runLoad({ url: s.url, key: s.key, deployment: "fault-disk", perBatch: 10, concurrency: 1, result: again, pauseMs: 250, stop: () => (again.statuses.get(200) ?? 0) >= 3 || Date.now() > deadline });
    expect(again.statuses.get(200) ?? 0).toBeGreaterThanOrEqual(3);
    await s.stop();
    const stored = storedIds(s.dataDir);
    const missing = [...result.acked, ...again.acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
  });

  it("an unreachable ClickHouse server: ingest 503 with Retry-After, health 503, the dashboard shows an error banner", async () => {
    // A session minted by a healthy server with the same secret (sessions are signed JWTs).
    const healthy = await startServerProcess();
    cleanups.push(() => healthy.stop());
    const cookie = await signIn(healthy.url, "admin", "process-admin-password-1");
    await healthy.stop();
    const s = await startServerProcess({ env: { CLICKHOUSE_URL: "http://127.0.0.1:9" }, readyWhen: "responding" });
    cleanups.push(() => s.stop());
    const ingest = await fetch(`${s.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" }, body: "{}" });
    expect(ingest.status).toBe(503);
    expect(ingest.headers.get("retry-after")).toBeTruthy();
    const health = await fetch(`${s.url}/api/health`);
    expect(health.status).toBe(503);
    expect((await health.json()).database.status).toBe("unavailable");
    const page = await fetch(`${s.url}/deployments/chat-assistant`, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain("error-banner");
    expect(html).toMatch(/database/i);
  });

  it("a ClickHouse server that stops mid-run and comes back: 503 and an error banner while it is down, then both recover on their own", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-ch-"));
    const port = await freePort();
    let ch = await startClickHouseHttp(port, dir);
    cleanups.push(() => ch.kill());
    const s = await startServerProcess({ env: { CLICKHOUSE_URL: ch.url } });
    cleanups.push(() => s.stop());
    const cookie = await signIn(s.url, "admin", "process-admin-password-1");
    const ids = (tag: string) => Array.from({ length: 40 }, (_, i) => `${tag}-${i}`);
    const send = (body: string) =>
      fetch(`${s.url}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${s.key}`, "content-type": "application/json" }, body, signal: AbortSignal.timeout(40_000) });
    const page = async () => (await fetch(`${s.url}/deployments/stops?range=1h`, { headers: { cookie }, signal: AbortSignal.timeout(40_000) })).text();

    expect((await send(tracesBody("stops", ids("before")))).status).toBe(200);
    expect(await page()).not.toContain("error-banner");

    await ch.kill(); // mid-run, without a word
    const down = await send(tracesBody("stops", ids("down")));
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBeTruthy();
    expect((await fetch(`${s.url}/api/health`)).status).toBe(503);
    const banner = await page();
    expect(banner).toContain("error-banner");
    expect(banner).toMatch(/database/i);

    ch = await startClickHouseHttp(port, dir); // back, same data
    // The sender retries, as the 503's Retry-After tells it to; nothing is restarted by hand.
    await waitFor("ingest 200 once ClickHouse is back", async () => (await send(tracesBody("stops", ids("down")))).status === 200 || undefined, 120_000, 1000);
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    const back = await page();
    expect(back).not.toContain("error-banner");
    expect(back).toContain("stops");
    const stored = await fetch(`${ch.url}/?param_d=stops`, { method: "POST", body: "SELECT count() FROM inference_events WHERE deployment = {d:String} FORMAT TSV" });
    expect(Number((await stored.text()).trim())).toBe(80); // both batches, each once
  });

  it("a webhook receiver that never answers: attempts time out and retry, and the evaluator goes on", async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    r.respond = () => "hang";
    const s = await startServerProcess({ env: { QUANTLENS_WEBHOOK_TIMEOUT_MS: "1500", QUANTLENS_WEBHOOK_MAX_DELAY_MS: "2000", QUANTLENS_EVAL_INTERVAL_MS: "2000" } });
    cleanups.push(() => s.stop());
    const h = { authorization: `Bearer ${s.key}`, "content-type": "application/json" };
    const created = await fetch(`${s.url}/api/v1/webhooks`, { method: "POST", headers: h, body: JSON.stringify({ url: r.url, allow_private: true }) });
    expect(created.status).toBe(201);
    const ep = await created.json();
    expect((await fetch(`${s.url}/api/v1/webhooks/${ep.endpoint.id}/test`, { method: "POST", headers: h })).status).toBe(202);
    const demo = startDemo({ url: s.url, key: s.key, rate: 60, seed: 5, backfillMs: 6 * 60_000, statsEveryMs: 0, log: () => undefined, texts: false });
    cleanups.push(() => demo.stop());
    // The evaluator still opens the incident while the receiver hangs on every delivery.
    const incident = await waitFor("an incident while deliveries hang", async () => (await (await fetch(`${s.url}/api/v1/incidents`, { headers: h })).json()).incidents[0], 240_000, 1000);
    expect(incident.deployment).toBe("chat-assistant");
    const test = await waitFor("timed-out retries of the test delivery", async () => {
      const d = (await (await fetch(`${s.url}/api/v1/deliveries`, { headers: h })).json()).deliveries.find((x: { event: string }) => x.event === "test");
      return d && d.attempts >= 2 ? d : undefined;
    }, 120_000, 500);
    expect(test.state).toBe("pending");
    expect(test.attempts_log[0].error).toMatch(/no answer within 1500 ms/);
  });
});

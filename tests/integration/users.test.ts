// Issue 11 items 5, 8 and 9 against the real embedded ClickHouse: user changes (each audited),
// sessions that end within seconds of a sign-out, disable, delete, password or role change, and
// sign-in input that costs nothing when it is absurd.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { activeAdmins, getUserRow, putUser } from "@/clickhouse/queries/users";
import { listAudit } from "@/clickhouse/queries/webhooks";
import { SignInGuard } from "@/lib/auth/sign-in-guard";
import { authorizeCredentials } from "@/server/services/sign-in";
import { runtime } from "@/server/runtime/runtime";
import { changeOwnPassword, checkCredentials, createUser, deleteUser, setDisabled, setPassword, setRole } from "@/server/services/users";
import { checkSession, endSession, newSessionId, SESSION_CHECK_TTL_MS, type SessionClaims } from "@/server/services/sessions";

let n = 0;
const unique = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${n++}`;
const PW = "correct-horse-battery-1";

beforeAll(async () => {
  await runtime();
});

async function actions(target: string): Promise<{ actor: string; action: string; details: string }[]> {
  return (await listAudit(await db(), { target })).reverse();
}

/** What next-auth's jwt callback stores for a fresh sign-in. */
async function signIn(username: string, password = PW): Promise<SessionClaims> {
  const u = await checkCredentials(username, password);
  expect(u, `sign-in of ${username}`).not.toBeNull();
  return { name: username, sid: newSessionId(), sv: u!.sessionVersion, kind: "password", role: u!.role };
}

describe("user changes are audited, from any caller", () => {
  it("create, passwd, role, disable, enable, delete: each leaves an audit row naming the actor", async () => {
    const u = unique("audited");
    await createUser(u, PW, "viewer", "cli:root");
    await expect(createUser(u, PW, "viewer", "cli:root")).rejects.toMatchObject({ code: "exists" });
    await expect(createUser("no spaces allowed", PW, "viewer", "x")).rejects.toMatchObject({ code: "invalid" });
    await expect(createUser(unique("short"), "short", "viewer", "x")).rejects.toMatchObject({ code: "invalid" });
    await setPassword(u, "another-password-22", "admin");
    await setRole(u, "operator", "admin");
    await setDisabled(u, true, "admin");
    await setDisabled(u, false, "admin");
    await deleteUser(u, "cli:root");
    expect((await actions(u)).map((a) => `${a.actor} ${a.action}`)).toEqual([
      "cli:root user.create",
      "admin user.passwd",
      "admin user.role",
      "admin user.disable",
      "admin user.enable",
      "cli:root user.delete",
    ]);
    expect(JSON.parse((await actions(u))[2].details)).toEqual({ from: "viewer", to: "operator" });
    await expect(setPassword(u, "yet-another-password-3", "admin")).rejects.toMatchObject({ code: "not-found" });
  });

  it("a password change needs the current password and makes the old one fail", async () => {
    const u = unique("passwd");
    await createUser(u, PW, "viewer", "test");
    await expect(changeOwnPassword(u, "not-the-password-1", "brand-new-password-1")).rejects.toMatchObject({ code: "wrong-password" });
    await changeOwnPassword(u, PW, "brand-new-password-1");
    expect(await checkCredentials(u, PW)).toBeNull();
    expect(await checkCredentials(u, "brand-new-password-1")).toMatchObject({ username: u });
    expect((await actions(u)).map((a) => `${a.actor} ${a.action} ${a.details}`)).toContain(`${u} user.passwd {"self":true}`);
  });

  it("never leaves no admin that can sign in", async () => {
    const x = unique("admin-x");
    const y = unique("admin-y");
    await createUser(x, PW, "admin", "test");
    await createUser(y, PW, "admin", "test");
    for (const other of await activeAdmins(await db())) if (other !== x) await setDisabled(other, true, "test");
    expect(await activeAdmins(await db())).toEqual([x]);
    await expect(setDisabled(x, true, "test")).rejects.toMatchObject({ code: "last-admin" });
    await expect(deleteUser(x, "test")).rejects.toMatchObject({ code: "last-admin" });
    await expect(setRole(x, "viewer", "test")).rejects.toMatchObject({ code: "last-admin" });
    await setDisabled(y, false, "test");
    await setRole(x, "viewer", "test");
    expect(await activeAdmins(await db())).toEqual([y]);
  });
});

describe("sessions end within seconds", () => {
  it("a signed-in session is good, with the user's role from the database", async () => {
    const u = unique("ok");
    await createUser(u, PW, "operator", "test");
    const s = await signIn(u);
    expect(await checkSession(s)).toEqual({ ok: true, role: "operator" });
  });

  it("sign-out ends that session only", async () => {
    const u = unique("out");
    await createUser(u, PW, "viewer", "test");
    const a = await signIn(u);
    const b = await signIn(u);
    expect((await checkSession(a)).ok).toBe(true);
    await endSession({ ...a, exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(await checkSession(a)).toMatchObject({ ok: false, reason: "signed out" });
    expect((await checkSession(b)).ok).toBe(true);
  });

  it("disable, password change and delete end every session of the user; enabling again does not revive them", async () => {
    const u = unique("ended");
    await createUser(u, PW, "viewer", "test");
    const before = await signIn(u);
    expect((await checkSession(before)).ok).toBe(true);
    await setDisabled(u, true, "test");
    expect(await checkSession(before)).toMatchObject({ ok: false });
    await setDisabled(u, false, "test");
    expect(await checkSession(before)).toMatchObject({ ok: false });
    const again = await signIn(u);
    expect((await checkSession(again)).ok).toBe(true);
    await setPassword(u, "rotated-password-123", "test");
    expect(await checkSession(again)).toMatchObject({ ok: false });
    const third = await signIn(u, "rotated-password-123");
    await deleteUser(u, "test");
    expect(await checkSession(third)).toMatchObject({ ok: false, reason: "no such user" });
    expect(await checkCredentials(u, "rotated-password-123")).toBeNull();
    // The name re-created: sessions of the deleted user stay dead.
    await createUser(u, "rotated-password-123", "admin", "test");
    expect(await checkSession(third)).toMatchObject({ ok: false });
    expect((await checkSession(await signIn(u, "rotated-password-123"))).ok).toBe(true);
  });

  it("a role change applies to existing sessions", async () => {
    const u = unique("role");
    await createUser(u, PW, "viewer", "test");
    const s = await signIn(u);
    expect(await checkSession(s)).toEqual({ ok: true, role: "viewer" });
    await setRole(u, "admin", "test");
    expect(await checkSession(s)).toEqual({ ok: true, role: "admin" });
  });

  it("a change made by another replica (straight to ClickHouse) is seen once the cache entry is older than the TTL", async () => {
    const u = unique("replica");
    await createUser(u, PW, "viewer", "test");
    const s = await signIn(u);
    const t = Date.now();
    expect((await checkSession(s, t)).ok).toBe(true);
    // Another process disables the user: this process's cache is not told.
    const row = (await getUserRow(await db(), u))!;
    await putUser(await db(), { ...row, disabled: 1, session_version: row.session_version + 1, version: row.version + 1 });
    expect((await checkSession(s, t + 1_000)).ok).toBe(true);
    expect(SESSION_CHECK_TTL_MS).toBeLessThanOrEqual(5_000);
    expect(await checkSession(s, t + SESSION_CHECK_TTL_MS + 1)).toMatchObject({ ok: false, reason: "user disabled" });
  });

  it("sessions from before revocable sessions (no id or version) are refused", async () => {
    expect((await checkSession({ name: "admin" })).ok).toBe(false);
    expect((await checkSession({ name: "admin", sid: newSessionId() })).ok).toBe(false);
  });
});

describe("sign-in input", () => {
  it("a 5 MiB username is refused before anything is stored or looked up", async () => {
    const guard = new SignInGuard();
    const huge = "u".repeat(5 * 1024 * 1024);
    for (let i = 0; i < 10; i++) expect(await authorizeCredentials({ username: huge, password: "x" }, {}, guard)).toBeNull();
    expect(await authorizeCredentials({ username: "a".repeat(257), password: "x" }, {}, guard)).toBeNull();
    expect(await authorizeCredentials({ username: "ok", password: "p".repeat(2000) }, {}, guard)).toBeNull();
    expect(guard.stats()).toEqual({ users: 0, clients: 0, longestKey: 0 });
  });

  it("after failures the correct password waits, then succeeds, and clears the count", async () => {
    const u = unique("backoff");
    await createUser(u, PW, "viewer", "test");
    const guard = new SignInGuard({ baseDelayMs: 300, maxDelayMs: 600 });
    for (let i = 0; i < 5; i++) expect(await authorizeCredentials({ username: u, password: `wrong-${i}` }, {}, guard)).toBeNull();
    await expect(authorizeCredentials({ username: u, password: PW }, {}, guard)).rejects.toThrow(/Too many sign-in attempts; wait 1 s/);
    await new Promise((r) => setTimeout(r, 350));
    expect(await authorizeCredentials({ username: u, password: PW }, {}, guard)).toMatchObject({ name: u, role: "viewer" });
    expect(guard.stats().users).toBe(0);
  });
});

// Cross-site request forgery, as the outside probe did it: a page on ANOTHER PORT of the same host
// (another origin, but the same site, so the SameSite=Lax session cookie goes along) makes a
// signed-in browser post to the API with text/plain (a form, and a no-cors fetch), which needs no
// CORS preflight. It created an admin user through an admin's browser and requested a rollback
// through an operator's. Both must be refused, while the dashboard's own buttons keep working and
// key-authenticated scripts are unaffected. next-auth's own POSTs get the same origin check: its
// CSRF token lives in a cookie, and a same-site page can overwrite cookies of this host.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { SignInPage } from "./pages";

const DEPLOYMENT = "chat-assistant";
const OPERATOR = { username: "csrf-operator", password: "csrf-operator-password-1" };
const STOLEN_ADMIN = { form: "csrf-admin-by-form", fetch: "csrf-admin-by-fetch" };
const key = { authorization: `Bearer ${E2E.key}` };

interface Attacker {
  /** http://localhost:<other port>: same host name as the app, so same site, another origin. */
  url: string;
  page(path: string, html: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

async function startAttacker(): Promise<Attacker> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server = http.createServer((req, res) => {
    const p = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!p) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...p.headers }).end(p.html);
  });
  // Every address (v4 and v6), so "localhost" reaches it however the browser resolves it.
  await new Promise<void>((r) => server.listen(0, r));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  expect(new URL(url).port).not.toBe(new URL(E2E.url).port);
  return {
    url,
    page: (path, html, headers = {}) => pages.set(path, { html, headers }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** A form that submits itself as text/plain: `name=value` with the JSON split across the `=`. */
function textPlainForm(action: string, json: Record<string, string>): string {
  const text = JSON.stringify({ ...json, pad: "" });
  const cut = text.lastIndexOf('""}'); // …"pad":"" + "=" + "}"  →  …"pad":"="}
  return `<!doctype html><form id="f" method="POST" enctype="text/plain" action="${attr(action)}"><input name='${attr(text.slice(0, cut + 1))}' value='${attr(text.slice(cut + 1))}'></form><script>document.getElementById("f").submit()</script>`;
}

/** A fire-and-forget fetch: no-cors, text/plain, with the browser's cookies. */
function noCorsFetch(action: string, json: Record<string, string>): string {
  return `<!doctype html><p id="s">sending</p><script>fetch(${JSON.stringify(action)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(JSON.stringify(json))} }).finally(() => { document.getElementById("s").textContent = "sent"; })</script>`;
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/");
  await new SignInPage(page).signIn(username, password);
  await expect(page.getByTestId("whoami")).toContainText(username);
}

/**
 * Opens the attacker's page in the victim's tab; returns what the browser sent to `target` and the
 * app's status (null when the browser withheld the answer from the page: a no-cors response is
 * blocked by Cross-Origin-Resource-Policy, though the request itself reached the server).
 */
async function attack(page: Page, attacker: Attacker, path: string, target: string) {
  const sent = page.waitForRequest((r) => r.url() === `${E2E.url}${target}` && r.method() === "POST");
  await page.goto(`${attacker.url}${path}`);
  const req = await sent;
  const res = await Promise.race([req.response(), page.waitForEvent("requestfailed", (r) => r === req).then(() => null)]);
  const headers = await req.allHeaders();
  return { status: res?.status() ?? null, origin: headers["origin"], site: headers["sec-fetch-site"], type: headers["content-type"] };
}

async function newSignedIn(browser: Browser, username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, password);
  return page;
}

let attacker: Attacker;
test.beforeAll(async () => {
  attacker = await startAttacker();
});
test.afterAll(async () => {
  await attacker?.close();
});

test("another origin cannot make a signed-in admin's browser create a user (text/plain form and no-cors fetch)", async ({ page, request }) => {
  await signIn(page, "admin", E2E.adminPassword);
  const target = "/api/v1/users";
  attacker.page("/users-form", textPlainForm(`${E2E.url}${target}`, { username: STOLEN_ADMIN.form, role: "admin", password: "csrf-password-123456" }));
  attacker.page("/users-fetch", noCorsFetch(`${E2E.url}${target}`, { username: STOLEN_ADMIN.fetch, role: "admin", password: "csrf-password-123456" }));

  const byForm = await attack(page, attacker, "/users-form", target);
  // The browser did send it, with the cookie and from the attacker's origin: the server refused it.
  expect(byForm.origin).toBe(attacker.url);
  expect(byForm.site).toBe("same-site");
  expect(byForm.type).toMatch(/^text\/plain/);
  expect(byForm.status, "the cross-site form was refused").toBe(403);
  const byFetch = await attack(page, attacker, "/users-fetch", target);
  expect([403, null], "the cross-site fetch was refused (its answer is hidden from the page)").toContain(byFetch.status);

  // Neither user exists, and nothing was audited.
  const users = (await (await page.request.get(target)).json()).users.map((u: { username: string }) => u.username);
  expect(users).toContain("admin");
  expect(users).not.toContain(STOLEN_ADMIN.form);
  expect(users).not.toContain(STOLEN_ADMIN.fetch);
  const audit = await (await request.get(`/api/v1/audit?target=${STOLEN_ADMIN.form}`, { headers: key })).json();
  expect(audit.entries).toEqual([]);
});

test("another origin cannot make a signed-in operator's browser request a rollback; the dashboard's own button still can", async ({ page, browser, request }) => {
  await signIn(page, "admin", E2E.adminPassword);
  // The admin's session straight at the API (a script, not a page: no Origin) creates the operator.
  const created = await page.request.post("/api/v1/users", { data: { username: OPERATOR.username, role: "operator", password: OPERATOR.password } });
  expect([201, 409], await created.text()).toContain(created.status());

  const operator = await newSignedIn(browser, OPERATOR.username, OPERATOR.password);
  const target = `/api/v1/deployments/${DEPLOYMENT}/rollback`;
  const rollbacks = async () =>
    ((await (await request.get(`/api/v1/audit?target=${DEPLOYMENT}`, { headers: key })).json()).entries as { actor: string; action: string }[]).filter(
      (e) => e.action === "rollback.request" && e.actor === OPERATOR.username,
    ).length;
  const before = await rollbacks();
  let endpointId = "";
  try {
    attacker.page("/rollback-form", textPlainForm(`${E2E.url}${target}`, { reason: "csrf by form" }));
    attacker.page("/rollback-fetch", noCorsFetch(`${E2E.url}${target}`, { reason: "csrf by fetch" }));
    expect((await attack(operator, attacker, "/rollback-form", target)).status, "the cross-site form was refused").toBe(403);
    expect([403, null]).toContain((await attack(operator, attacker, "/rollback-fetch", target)).status);
    expect(await rollbacks(), "no rollback was requested").toBe(before);

    // The same operator, from the dashboard itself: the browser sends Origin and
    // Sec-Fetch-Site: same-origin with application/json, and the request goes through. The button
    // is enabled only while an endpoint takes rollback.requested: one, disabled again afterwards.
    const created = await request.post("/api/v1/webhooks", { headers: key, data: { url: "http://127.0.0.1:9/csrf-rollback", deployment: DEPLOYMENT, events: ["rollback.requested"], allow_private: true } });
    expect(created.status(), await created.text()).toBe(201);
    endpointId = (await created.json()).endpoint.id;
    await operator.goto(`/deployments/${DEPLOYMENT}`);
    await expect(operator.getByTestId("rollback")).toHaveAttribute("data-ready", "true");
    await operator.getByTestId("rollback-open").click();
    await operator.getByTestId("rollback-reason").fill("e2e: the same-origin button still works");
    const own = operator.waitForResponse((r) => r.url() === `${E2E.url}${target}`);
    await operator.getByTestId("rollback-confirm").click();
    const res = await own;
    expect((await res.request().allHeaders())["sec-fetch-site"]).toBe("same-origin");
    expect(res.status()).toBe(202);
    await expect(operator.getByTestId("rollback-result")).toContainText("Rollback requested");
    expect(await rollbacks()).toBe(before + 1);
  } finally {
    if (endpointId) await request.patch(`/api/v1/webhooks/${endpointId}`, { headers: key, data: { disabled: true } });
    await operator.context().close();
  }
});

test("a session cookie without a browser's Origin still needs application/json; keys are not affected", async ({ page, request }) => {
  await signIn(page, "admin", E2E.adminPassword);
  // Cookie, no Origin (a script): text/plain is refused.
  const plain = await page.request.post("/api/v1/users", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ username: "csrf-plain", role: "viewer", password: "csrf-password-123456" }) });
  expect(plain.status(), await plain.text()).toBe(415);
  // Cookie with a foreign Origin: refused whatever the body.
  const foreign = await page.request.post("/api/v1/users", { headers: { origin: attacker.url }, data: { username: "csrf-foreign", role: "viewer", password: "csrf-password-123456" } });
  expect(foreign.status(), await foreign.text()).toBe(403);
  // A key, with text/plain and even a foreign Origin, reaches the handler (404: no such deployment).
  const keyed = await request.post("/api/v1/deployments/no-such-deployment/rollback", { headers: { ...key, "content-type": "text/plain", origin: attacker.url }, data: '{"reason":"key"}' });
  expect(keyed.status(), await keyed.text()).toBe(404);
});

test("another origin cannot sign a user out, even after planting a valid next-auth CSRF cookie", async ({ page }) => {
  await signIn(page, "admin", E2E.adminPassword);
  // The attacker fetches a genuine token and cookie pair for itself, then sets that cookie on the
  // victim's browser (cookies are per host, not per port) and posts the matching token.
  const csrf = await fetch(`${E2E.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const planted = csrf.headers.getSetCookie().find((c) => /csrf-token=/.test(c));
  expect(planted, "next-auth set its CSRF cookie").toBeTruthy();
  const target = "/api/auth/signout";
  attacker.page(
    "/signout",
    `<!doctype html><form id="f" method="POST" action="${attr(`${E2E.url}${target}`)}"><input type="hidden" name="csrfToken" value="${attr(csrfToken)}"></form><script>document.getElementById("f").submit()</script>`,
    { "set-cookie": planted!.split(";")[0] + "; Path=/; HttpOnly; SameSite=Lax" },
  );
  const res = await attack(page, attacker, "/signout", target);
  expect(res.status, "the cross-site sign-out was refused").toBe(403);
  await page.goto("/");
  await expect(page.getByTestId("whoami"), "still signed in").toContainText("admin");
  // Signing out from our own page still works.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
});

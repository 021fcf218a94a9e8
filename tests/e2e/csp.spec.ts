// Security headers, in Chromium: every page carries a strict Content-Security-Policy with a fresh
// nonce, and passes it: no "Refused to …" anywhere, every script carries the nonce, the pages
// hydrate and the charts draw. A script, event handler or <style> injected into the HTML is refused.
// API, ingest and static responses carry nosniff (and the API a policy that allows nothing).
import { expect, test, type Page, type Response } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { CspWatch, IncidentsPage, SignInPage } from "./pages";

const DEPLOYMENT = "chat-assistant";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name.toLowerCase(), values]));
}

/** The page's policy is strict; returns its nonce. */
function expectStrictPolicy(res: Response, label: string): string {
  const h = res.headers();
  const csp = h["content-security-policy"];
  expect(csp, `${label}: a Content-Security-Policy header`).toBeTruthy();
  expect(h["content-security-policy-report-only"], `${label}: enforced, not report-only`).toBeUndefined();
  const d = directives(csp);
  const script = d.get("script-src") ?? [];
  const nonce = script.find((s) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(s));
  expect(nonce, `${label}: script-src has a nonce (${script.join(" ")})`).toBeTruthy();
  expect(script, label).toContain("'strict-dynamic'");
  for (const weak of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "data:", "blob:"]) expect(script, `${label}: script-src without ${weak}`).not.toContain(weak);
  expect(d.get("script-src-attr") ?? [], label).not.toContain("'unsafe-inline'");
  // Styles: nonce'd elements and our stylesheets; 'unsafe-inline' only for style attributes (charts).
  expect(d.get("style-src") ?? [], `${label}: style-src`).not.toContain("'unsafe-inline'");
  expect(d.get("style-src-attr"), label).toEqual(["'unsafe-inline'"]);
  expect(d.get("default-src"), label).toEqual(["'self'"]);
  expect(d.get("object-src"), label).toEqual(["'none'"]);
  expect(["'none'", "'self'"], `${label}: base-uri`).toContain(d.get("base-uri")?.join(" "));
  expect(d.get("form-action"), label).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(h["x-content-type-options"], label).toBe("nosniff");
  expect(h["referrer-policy"], label).toBe("same-origin");
  expect(h["x-frame-options"], label).toBe("DENY");
  return nonce!;
}

/**
 * Every script the server wrote into the page carries the nonce. Scripts the framework's runtime
 * inserts later (a lazily loaded boundary chunk, as on "/") need none: 'strict-dynamic' trusts what a
 * nonce'd script loads, and anything else would show up as a violation below.
 */
async function expectEveryScriptNonced(res: Response, page: Page, label: string) {
  const tags = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, `${label}: Next.js scripts in the HTML`).toBeGreaterThan(0);
  expect(tags.filter((t) => !/\snonce="[^"]+"/.test(t)), `${label}: scripts in the HTML without the nonce`).toEqual([]);
  expect(await page.evaluate(() => document.scripts.length), `${label}: scripts in the document`).toBeGreaterThanOrEqual(tags.length);
}

async function visit(page: Page, watch: CspWatch, path: string, ready: (page: Page) => Promise<void>, status = 200) {
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBe(status);
  const nonce = expectStrictPolicy(res!, path);
  await ready(page);
  await expectEveryScriptNonced(res!, page, path);
  // Late work (charts' resize observers, hydration, the auto-refresh timer) had a moment to complain.
  await page.waitForTimeout(1_500);
  expect(await watch.violations(), `${path}: CSP violations`).toEqual([]);
  return nonce;
}

const hydrated = (testId: string) => async (page: Page) => {
  await expect(page.locator(`[data-testid="${testId}"][data-ready="true"]`).first()).toBeVisible();
};
const chartDrawn = (selector: string) => async (page: Page) => {
  await expect(page.locator(selector).first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+/);
};

test("every page carries a strict CSP and passes it: no violations, nonce'd scripts, hydrated, charts drawn", async ({ page, browser }) => {
  // Signed out: the sign-in page.
  const anonymous = await browser.newContext();
  try {
    const signInPage = await anonymous.newPage();
    const signInWatch = await CspWatch.on(signInPage);
    await visit(signInPage, signInWatch, "/signin", hydrated("signin-form"));
  } finally {
    await anonymous.close();
  }

  const watch = await CspWatch.on(page);
  await page.goto("/");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  expect(await watch.violations(), "signing in: CSP violations").toEqual([]);

  const nonces = new Set<string>();
  // Overview: the cards' sparklines (recharts area paths).
  nonces.add(await visit(page, watch, "/", chartDrawn(`[data-testid="deployment-card"] svg path.recharts-area-area`)));
  nonces.add(await visit(page, watch, "/", chartDrawn(`[data-testid="deployment-card"] svg path.recharts-area-area`)));
  // Deployment and slice: line charts; then a hover, so a tooltip renders too.
  await visit(page, watch, `/deployments/${DEPLOYMENT}`, async (p) => {
    await hydrated("rollback")(p);
    await chartDrawn("svg path.recharts-line-curve")(p);
    await p.locator(".recharts-wrapper").first().hover();
  });
  await visit(page, watch, `/deployments/${DEPLOYMENT}/slices/language/de`, chartDrawn("svg path.recharts-line-curve"));
  await visit(page, watch, `/policies?deployment=${DEPLOYMENT}`, hydrated("policy-editor"));
  await visit(page, watch, "/webhooks", hydrated("webhook-form"));
  await visit(page, watch, "/audit", async (p) => expect(p.getByTestId("whoami")).toBeVisible());
  await visit(page, watch, "/incidents", async (p) => expect(p.getByTestId("whoami")).toBeVisible());
  // An incident: the demo's regression opens one within a minute of the server's start.
  const incidents = new IncidentsPage(page);
  await incidents.waitForIncident(DEPLOYMENT);
  const href = await incidents.rows(DEPLOYMENT).first().getByTestId("incident-link").getAttribute("href");
  expect(href).toMatch(/^\/incidents\//);
  await watch.clear();
  await visit(page, watch, href!, async (p) => expect(p.getByTestId("incident-status")).toBeVisible());
  // A 404 (rendered per request too, so its scripts carry the nonce).
  await visit(page, watch, "/no-such-page", async (p) => expect(p.getByTestId("not-found")).toBeVisible(), 404);
  expect(nonces.size, "a fresh nonce for every response").toBe(2);
});

test("the policy is enforced: a script, an event handler and a <style> injected into the page's HTML are refused", async ({ page }) => {
  const watch = await CspWatch.on(page);
  await page.goto("/");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  // Markup injection, the XSS that a CSP is for: the server's real answer, headers and all, with
  // hostile markup spliced into its HTML on the way to the browser.
  const INJECTED = `<script>window.__ran = "parsed script"</script><img src="/csp-probe-missing.png" onerror="window.__ran = 'handler'"><style>body { outline: 5px solid red }</style>`;
  await page.route(`**/deployments/${DEPLOYMENT}`, async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    const at = html.indexOf(">", html.indexOf("<body")) + 1;
    expect(at, "the page has a <body>").toBeGreaterThan(0);
    await route.fulfill({ response: res, body: html.slice(0, at) + INJECTED + html.slice(at) });
  });
  await page.goto(`/deployments/${DEPLOYMENT}`);
  // Our own (nonce'd) scripts still ran: the page hydrated.
  await expect(page.locator('[data-testid="rollback"][data-ready="true"]')).toBeVisible();
  await expect.poll(async () => (await watch.violations()).join("\n")).toMatch(/script-src-elem|script-src/);
  await expect.poll(async () => (await watch.violations()).join("\n")).toMatch(/script-src-attr/);
  await expect.poll(async () => (await watch.violations()).join("\n")).toMatch(/style-src-elem|style-src/);
  expect(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran), "nothing injected ran").toBeUndefined();
  expect(await page.evaluate(() => getComputedStyle(document.body).outlineStyle), "the injected <style> did not apply").not.toBe("solid");
});

test("API, ingest and static responses carry nosniff; the API's policy allows nothing", async ({ request, page }) => {
  const api = await request.get("/api/v1/deployments", { headers: { authorization: `Bearer ${E2E.key}` } });
  expect(api.status()).toBe(200);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  const d = directives(api.headers()["content-security-policy"] ?? "");
  expect(d.get("default-src")).toEqual(["'none'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  for (const res of [
    await request.get("/api/v1/deployments"), // 401
    await request.get("/api/health"),
    await request.get("/api/auth/csrf"),
    await request.post("/v1/traces", { headers: { "content-type": "application/json" }, data: "{}" }), // 401, outside the proxy
  ]) {
    expect(res.headers()["x-content-type-options"], res.url()).toBe("nosniff");
  }
  // A static chunk (outside the proxy too).
  await page.goto("/signin");
  const chunk = await page.evaluate(() => Array.from(document.scripts).map((s) => s.src).find((s) => s.includes("/_next/static/")));
  expect(chunk).toBeTruthy();
  const res = await request.get(chunk!);
  expect(res.status()).toBe(200);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});

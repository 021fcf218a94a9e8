// Single sign-on against a real OpenID provider (the certified `oidc-provider` package) on
// loopback: a Quantlens server of its own, configured for the provider, driven in Chromium.
// Sign-in, role mapping (a claim mapped to roles, and QUANTLENS_OIDC_ROLE for everyone else),
// refused users (domain not allowed, unverified email, cancelled at the provider), sign-out
// (the cookie replayed afterwards is refused), and a provider that cannot be reached.
//
// The provider releases email, name and groups only from its userinfo endpoint, not in the ID
// token: that is what a conformant provider does with the authorization code flow, and what
// Quantlens must cope with.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startOidcProvider, type LoopbackOidcProvider } from "@/testkit/oidc-provider";
import { startServerProcess, type ServerProcess } from "@/testkit/server-process";

const CLIENT = { id: "quantlens-e2e", secret: `secret-${crypto.randomBytes(24).toString("base64url")}` };
const PASSWORD = "idp-password-1";
const ACCOUNTS = {
  // In the group mapped to admin.
  ada: { login: "ada", password: PASSWORD, claims: { email: "Ada@Example.com", email_verified: true, name: "Ada Lovelace", groups: ["staff", "quantlens-admins"] } },
  // In no mapped group: QUANTLENS_OIDC_ROLE applies.
  otto: { login: "otto", password: PASSWORD, claims: { email: "otto@example.com", email_verified: true, name: "Otto Operator", groups: ["staff"] } },
  // In the group mapped to viewer: the claim wins over QUANTLENS_OIDC_ROLE.
  vera: { login: "vera", password: PASSWORD, claims: { email: "vera@example.com", email_verified: true, name: "Vera Viewer", groups: ["quantlens-readers"] } },
  // Signed in by the provider, but from a domain Quantlens does not allow (and in the admin group).
  mallory: { login: "mallory", password: PASSWORD, claims: { email: "mallory@elsewhere.test", email_verified: true, name: "Mallory", groups: ["quantlens-admins"] } },
  // The allowed domain, but the provider says the address is not verified.
  eve: { login: "eve", password: PASSWORD, claims: { email: "eve@example.com", email_verified: false, name: "Eve", groups: ["quantlens-admins"] } },
};

let idp: LoopbackOidcProvider;
let ql: ServerProcess;

/** A port nobody listens on now (the kernel's pick, released for the server to take). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(400_000);
  const port = await freePort();
  idp = await startOidcProvider({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`],
    accounts: Object.values(ACCOUNTS),
  });
  ql = await startServerProcess({
    port,
    env: {
      QUANTLENS_OIDC_ISSUER: idp.issuer,
      QUANTLENS_OIDC_CLIENT_ID: CLIENT.id,
      QUANTLENS_OIDC_CLIENT_SECRET: CLIENT.secret,
      QUANTLENS_OIDC_SCOPE: "openid email profile groups",
      QUANTLENS_OIDC_ROLE: "operator",
      QUANTLENS_OIDC_ROLE_CLAIM: "groups",
      QUANTLENS_OIDC_ROLE_MAP: "quantlens-admins=admin, quantlens-readers=viewer",
      QUANTLENS_OIDC_ALLOWED_DOMAINS: "example.com",
    },
  });
});

test.afterAll(async ({}, testInfo) => {
  await ql?.stop();
  // The server's log beside the results, for a failure's reader.
  if (ql) fs.writeFileSync(testInfo.outputPath("quantlens-server.log"), ql.log());
  await idp?.stop();
  if (ql) fs.rmSync(ql.dataDir, { recursive: true, force: true });
});

const sessionCookie = (ctx: BrowserContext) => ctx.cookies().then((cs) => cs.find((c) => /next-auth\.session-token/.test(c.name)));

/** From Quantlens's sign-in page (at `path`, signed out) through the provider's form. */
async function throughProvider(page: Page, login: string, path = "/") {
  await page.goto(`${ql.url}${path}`);
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.locator('[data-testid="signin-form"][data-ready="true"]')).toBeVisible();
  await page.getByRole("button", { name: /single sign-on/i }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function signedIn(browser: Browser, login: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await throughProvider(page, login);
  await expect(page.getByTestId("whoami")).toBeVisible();
  return { ctx, page };
}

test("sign-in through the provider lands on the page asked for, with the user's name", async ({ browser }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await throughProvider(page, "ada", "/incidents");
    await expect(page).toHaveURL(`${ql.url}/incidents`);
    // The name is the (verified) email, from the provider's userinfo: the ID token has no email.
    await expect(page.getByTestId("whoami")).toHaveText("ada@example.com · admin");
    expect(idp.logins()).toContain("ada");
    expect(await sessionCookie(ctx)).toBeTruthy();
  } finally {
    await ctx.close();
  }
});

test("roles: a mapped claim gives admin or viewer; everyone else gets QUANTLENS_OIDC_ROLE", async ({ browser }) => {
  // POST …/acknowledge needs the operate permission: a viewer is refused before the handler runs,
  // an operator gets past it (to a 404 or 400 for an incident that does not exist).
  const ack = (page: Page) => page.request.post(`${ql.url}/api/v1/incidents/inc_nonexistent/acknowledge`);
  const users = (page: Page) => page.request.get(`${ql.url}/api/v1/users`);

  const ada = await signedIn(browser, "ada");
  try {
    await expect(ada.page.getByTestId("whoami")).toHaveText("ada@example.com · admin");
    expect((await users(ada.page)).status()).toBe(200);
    expect((await ada.page.request.get(`${ql.url}/api/v1/keys`)).status()).toBe(200);
  } finally {
    await ada.ctx.close();
  }

  const otto = await signedIn(browser, "otto");
  try {
    await expect(otto.page.getByTestId("whoami")).toHaveText("otto@example.com · operator");
    const u = await users(otto.page);
    expect(u.status()).toBe(403);
    expect((await u.json()).error).toMatch(/admin permission/);
    expect([400, 404]).toContain((await ack(otto.page)).status());
  } finally {
    await otto.ctx.close();
  }

  const vera = await signedIn(browser, "vera");
  try {
    await expect(vera.page.getByTestId("whoami")).toHaveText("vera@example.com · viewer");
    expect((await users(vera.page)).status()).toBe(403);
    expect((await ack(vera.page)).status()).toBe(403);
    expect((await vera.page.request.get(`${ql.url}/api/v1/deployments`)).status()).toBe(200);
  } finally {
    await vera.ctx.close();
  }
});

test("refused: a domain not allowed, an unverified email, a sign-in cancelled at the provider", async ({ browser }) => {
  for (const [login, why] of [
    ["mallory", "a domain that is not allowed"],
    ["eve", "an unverified email"],
  ] as const) {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await throughProvider(page, login);
      // The provider did sign them in; Quantlens refuses them, on its own sign-in page.
      await expect(page, `${login} (${why})`).toHaveURL(new RegExp(`^${ql.url}/signin\\?`));
      await expect(page.getByTestId("signin-error")).toHaveText(/not allowed to use Quantlens/);
      expect(idp.logins()).toContain(login);
      expect(await sessionCookie(ctx), `${login} has no session`).toBeUndefined();
      expect(await (await page.request.get(`${ql.url}/api/auth/session`)).json()).toEqual({});
      expect((await page.request.get(`${ql.url}/api/v1/deployments`)).status()).toBe(401);
      await page.goto(`${ql.url}/`);
      await expect(page).toHaveURL(/\/signin\?/);
    } finally {
      await ctx.close();
    }
  }

  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${ql.url}/signin`);
    await expect(page.locator('[data-testid="signin-form"][data-ready="true"]')).toBeVisible();
    await page.getByRole("button", { name: /single sign-on/i }).click();
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(new RegExp(`^${ql.url}/signin\\?`));
    await expect(page.getByTestId("signin-error")).toHaveText(/did not complete/);
    expect(await sessionCookie(ctx)).toBeUndefined();
  } finally {
    await ctx.close();
  }
});

test("sign-out ends the session: its cookie, replayed, is refused; the provider's session stays", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "otto");
  const replay = await browser.newContext();
  try {
    await expect(page.getByTestId("whoami")).toHaveText("otto@example.com · operator");
    // Quantlens's cookies only (the provider's share the host: cookies do not separate ports).
    const stolen = (await ctx.cookies(ql.url)).filter((c) => c.name.startsWith("next-auth."));
    expect(stolen.some((c) => /session-token/.test(c.name))).toBe(true);
    await replay.addCookies(stolen);
    // The copy works while the session is open…
    expect((await replay.request.get(`${ql.url}/api/v1/deployments`)).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(new RegExp(`^${ql.url}/signin`));
    expect(await sessionCookie(ctx)).toBeUndefined();

    // …and not after sign-out: the API and the pages refuse it.
    expect((await replay.request.get(`${ql.url}/api/v1/deployments`)).status()).toBe(401);
    const p = await replay.newPage();
    await p.goto(`${ql.url}/incidents`);
    await expect(p).toHaveURL(/\/signin\?callbackUrl=%2Fincidents/);

    // Quantlens does not do RP-initiated logout (next-auth 4 has none): the provider's own session
    // survives, so the next "Single sign-on" signs in again without the provider's form.
    const shown = idp.loginPagesShown();
    await expect(page.locator('[data-testid="signin-form"][data-ready="true"]')).toBeVisible();
    await page.getByRole("button", { name: /single sign-on/i }).click();
    await expect(page.getByTestId("whoami")).toHaveText("otto@example.com · operator");
    expect(idp.loginPagesShown()).toBe(shown);
  } finally {
    await replay.close();
    await ctx.close();
  }
});

test("a provider that cannot be reached: the sign-in page says so; secrets stay out of the log", async ({ browser }) => {
  await idp.stop();
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const statuses: number[] = [];
    page.on("response", (r) => statuses.push(r.status()));
    await page.goto(`${ql.url}/signin`);
    await expect(page.locator('[data-testid="signin-form"][data-ready="true"]')).toBeVisible();
    await page.getByRole("button", { name: /single sign-on/i }).click();
    await expect(page).toHaveURL(new RegExp(`^${ql.url}/signin\\?`));
    await expect(page.getByTestId("signin-error")).toHaveText(/could not be reached/);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await sessionCookie(ctx)).toBeUndefined();
  } finally {
    await ctx.close();
  }
  const log = ql.log();
  expect(log).not.toContain(CLIENT.secret);
  // No token (a JWT: ID token) and no authorization code or access token reached the log.
  expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  expect(log).not.toMatch(/access_token|id_token"?\s*[:=]/);
});

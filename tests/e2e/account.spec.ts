// Issue 11 in the browser: after sign-in the browser stays on this site whatever callbackUrl
// says (item 10); a user changes their own password from the header's Account link, is signed
// out everywhere, and signs in with the new password (item 8).
import { expect, test } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { AccountPage, SignInPage } from "./pages";

const origin = new URL(E2E.url).origin;

for (const [name, callbackUrl] of [
  ["a backslash", "/%5Clocalhost:47013/x"],
  ["a tab", "/%09/localhost:47013/x"],
  ["a tab before the slashes", "%09//localhost:47013/x"],
  ["two slashes", "//localhost:47013/x"],
] as const) {
  test(`sign-in with ${name} in callbackUrl lands on this site`, async ({ page }) => {
    await page.goto(`/signin?callbackUrl=${callbackUrl}`);
    await new SignInPage(page).signIn("admin", E2E.adminPassword);
    await expect(page.getByTestId("whoami")).toContainText("admin");
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });
}

test("a same-site callbackUrl is kept", async ({ page }) => {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/incidents")}`);
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page).toHaveURL(`${origin}/incidents`);
});

test("a user changes their own password from the Account page", async ({ browser, page }) => {
  // An admin creates the user (the API, with the admin's session).
  await page.goto("/signin");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  const username = `pat-${Date.now().toString(36)}`;
  const created = await page.request.post("/api/v1/users", { data: { username, role: "viewer", password: "pat-first-password-1" } });
  expect(created.status()).toBe(201);

  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  try {
    await p.goto("/signin");
    await new SignInPage(p).signIn(username, "pat-first-password-1");
    await expect(p.getByTestId("whoami")).toContainText(username);
    const account = new AccountPage(p);
    await account.open();
    await expect(p.getByTestId("account-name")).toHaveText(username);
    // A wrong current password is refused and nothing changes.
    await account.changePassword("not-my-password-1", "pat-second-password-2");
    await expect(account.error()).toContainText(/current password is wrong/i);
    await account.changePassword("pat-first-password-1", "pat-second-password-2");
    await expect(p).toHaveURL(/\/signin\?changed=1/);
    await expect(p.getByTestId("signin-notice")).toContainText("Password changed");
    // The old password no longer works; the new one does.
    await new SignInPage(p).signIn(username, "pat-first-password-1");
    await expect(p.getByTestId("signin-error")).toHaveText(/Wrong username or password/);
    await new SignInPage(p).signIn(username, "pat-second-password-2");
    await expect(p.getByTestId("whoami")).toContainText(username);
  } finally {
    await ctx.close();
  }
});

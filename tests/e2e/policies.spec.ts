// Policies page: inline validation errors with their path, a saved version, a diff; viewers read only.
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { PoliciesPage, SignInPage } from "./pages";

const DEPLOYMENT = "chat-assistant";
const VIEWER = { username: "viewer", password: "e2e-viewer-password-1" };

async function signIn(page: Page, username: string, password: string, path = "/") {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn(username, password);
  await expect(page.getByTestId("whoami")).toContainText(username);
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

test("an operator sees each validation error with its path, then saves a new version and diffs it", async ({ page }) => {
  await signIn(page, "admin", E2E.adminPassword, `/policies?deployment=${DEPLOYMENT}`);
  const policies = new PoliciesPage(page);
  await expect(page.getByTestId("policy-checks")).toBeVisible();
  await expect(page.locator('[data-testid="policy-check"][data-metric="task_score"]')).toBeVisible();
  const before = Number((await policies.activeVersion().textContent())?.match(/\d+/)?.[0] ?? NaN);
  expect(Number.isInteger(before)).toBe(true);
  await expect(policies.editor()).toBeVisible();
  await expect(policies.readonlyNotice()).toHaveCount(0);

  // checks[0] is task_score (allowance 0.02 absolute): a negative allowance is rejected inline.
  await policies.editAndSave(/value: 0\.02\n/, "value: -0.02\n", "e2e: try a negative allowance");
  await expect(policies.errors()).toBeVisible();
  await expect(policies.errors()).toContainText("checks[0].allowed_degradation.value: must be > 0");
  await expect(page.locator('[data-testid="policy-error"][data-path="checks[0].allowed_degradation.value"]')).toBeVisible();
  await expect(policies.activeVersion()).toHaveText(`version ${before}`);
  await shot(page, "policies-error");

  // Fixed: a slightly looser (still positive) allowance is stored as the next version.
  await policies.editAndSave("value: -0.02\n", "value: 0.025\n", "e2e: loosen the task score allowance a little");
  await expect(policies.errors()).toHaveCount(0);
  const saved = page.getByTestId("policy-saved");
  await expect(saved).toContainText("Saved as version");
  const version = Number((await saved.textContent())?.match(/version (\d+)/)?.[1]);
  expect(version).toBeGreaterThanOrEqual(1);
  await expect(policies.activeVersion()).toHaveText(`version ${version}`);
  await expect(page.locator(`[data-testid="policy-version"][data-version="${version}"]`)).toContainText("e2e: loosen the task score allowance a little");

  // The diff between the previous version (or the built-in default) and the new one names the path.
  const previous = version - 1;
  await policies.compare(previous, version);
  await expect(page).toHaveURL(new RegExp(`from=${previous}&to=${version}`));
  const change = policies.diffChange("checks[0].allowed_degradation.value");
  await expect(change).toBeVisible();
  await expect(change).toContainText("0.02");
  await expect(change).toContainText("0.025");
  await expect(policies.diff().locator('[data-testid="diff-change"]')).toHaveCount(1);
  await shot(page, "policies");
});

test("a viewer reads the policy without an editor, and the API refuses the viewer's writes", async ({ page, browser }) => {
  // The admin creates the viewer through the users API with the admin's session.
  await signIn(page, "admin", E2E.adminPassword);
  const created = await page.request.post("/api/v1/users", { data: { username: VIEWER.username, role: "viewer", password: VIEWER.password } });
  expect([201, 409], await created.text()).toContain(created.status());

  const context = await browser.newContext();
  const viewer = await context.newPage();
  try {
    await signIn(viewer, VIEWER.username, VIEWER.password, `/policies?deployment=${DEPLOYMENT}`);
    const policies = new PoliciesPage(viewer);
    await expect(viewer.getByTestId("policy-checks")).toBeVisible();
    await expect(policies.readonlyNotice()).toBeVisible();
    await expect(policies.readonlyNotice()).toContainText("operator");
    await expect(policies.editor()).toHaveCount(0);
    await expect(policies.text()).toHaveCount(0);
    await shot(viewer, "policies-viewer");

    // The same session cookie straight at the API: reading works, writing is forbidden.
    expect((await viewer.request.get(`/api/v1/policies?deployment=${DEPLOYMENT}`)).status()).toBe(200);
    const post = await viewer.request.post("/api/v1/policies", {
      data: { deployment: DEPLOYMENT, reason: "viewer tries", document: { name: "x", checks: [{ metric: "error_rate", allowed_degradation: { kind: "absolute", value: 0.5 } }] } },
    });
    expect(post.status()).toBe(403);
  } finally {
    await context.close();
  }
});

import { expect, test } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { OverviewPage, SignInPage } from "./pages";

test("a signed-out visitor is sent to sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
});

test("a wrong password is refused", async ({ page }) => {
  await page.goto("/signin");
  await new SignInPage(page).signIn("admin", "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText(/Wrong username or password/);
});

test("after sign-in, the demo deployment shows both arms and its slices", async ({ page }) => {
  await page.goto("/");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  const overview = new OverviewPage(page);
  await overview.waitForDeployment("chat-assistant");
  const card = overview.card("chat-assistant");
  await expect(card.locator('[data-testid="arm-row"][data-arm="baseline"]')).toBeVisible();
  await expect(card.locator('[data-testid="arm-row"][data-arm="canary"]')).toBeVisible();
  await expect(card.getByTestId("manifest-short")).toHaveText("W4A16 · awq · g128 · vllm-0.9.2");
  const slices = card.getByTestId("slices");
  await expect(slices).toContainText("language");
  await expect(slices).toContainText("context_bucket");
  await expect(slices).toContainText("task");
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });
});

import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { SignInPage } from "./pages";
import { DriftSection } from "./objects/drift";

// The demo (started by the web server) sends the canary's calibration reference at start: it
// matches the demo's own inputs except language=ja, whose calibration prompts were shorter than
// its traffic's. Drift is judged and charted against that reference, not against the baseline.
const DEPLOYMENT = "chat-assistant";
const DATASET = "c4-en-512@sha256:9f2c41e7";

async function signIn(page: Page) {
  await page.goto("/");
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

test("a slice's drift is charted against the calibration reference, and the stale slice shows it", async ({ page }) => {
  // The drift check covers the epoch, which starts when the evaluator first sees the canary: the
  // demo's backfill lies before it, so the check needs its live traffic (after the backfill, minutes
  // on a busy machine) and its once-a-minute refresh.
  test.setTimeout(720_000);
  await signIn(page);
  const drift = new DriftSection(page);
  await drift.open(DEPLOYMENT, "language", "ja");
  await expect(page.getByTestId("slice-title")).toHaveText("language=ja");

  // The per-minute chart: the canary's mean against the calibration set's mean, named.
  await expect(drift.chart("prompt_tokens")).toContainText(`reference = calibration set ${DATASET}`);
  await drift.expectTwoLines("prompt_tokens");
  // The window histogram over the check's bins, canary vs calibration set.
  await expect(drift.histogram("prompt_tokens")).toContainText(`reference = calibration set ${DATASET}`);
  await drift.expectBars("prompt_tokens");
  const ja = await drift.psi("prompt_tokens");
  expect(ja.psi - ja.level).toBeGreaterThan(0.1);
  // The drift check names its reference too, and flags the stale calibration (advisory).
  await drift.waitForCheck(DEPLOYMENT, "language", "ja", "prompt_tokens", 540_000);
  await page.reload();
  await expect(drift.check("prompt_tokens")).toContainText(`vs calibration set ${DATASET}`);
  await expect(drift.check("prompt_tokens")).toHaveAttribute("data-status", "marginal");
  await page.getByTestId("distributions").screenshot({ path: "test-results/screenshots/drift-ja-distributions.png" });

  // A slice whose calibration matches its traffic: no drift beyond the allowance.
  await drift.open(DEPLOYMENT, "language", "en");
  await expect(drift.histogram("prompt_tokens")).toContainText(`reference = calibration set ${DATASET}`);
  const en = await drift.psi("prompt_tokens");
  expect(en.psi - en.level).toBeLessThan(0.1);
  await expect(drift.check("prompt_tokens")).toHaveAttribute("data-status", "pass");
});

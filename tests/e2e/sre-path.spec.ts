import { expect, test, type Locator } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { SignInPage, SlicePage } from "./pages";
import { Heatmap, SliceBreakdown } from "./objects/heatmap";

// An SRE's path through the UI alone, no typed URLs: from the overview to the failing cell on the
// heatmap, then to its disagreement examples, in three clicks. The demo's regression sits in one
// pair cell, context_bucket=long × language=de, about 4% of the traffic.
const DEPLOYMENT = "chat-assistant";
const PAIR = "context_bucket×language";

test("overview → the failing heatmap cell → its disagreement examples, in three clicks", async ({ page }) => {
  await page.goto("/");
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page).toHaveURL(/\/$/);
  let clicks = 0;
  const click = async (target: Locator) => {
    await target.click();
    clicks++;
  };

  // Until the evaluator has failed the demo's canary (as the backfill lands), there is nothing to find.
  await expect(async () => {
    const v = await (await page.request.get(`/api/v1/deployments/${DEPLOYMENT}/verdict`, { headers: { Authorization: `Bearer ${E2E.key}` } })).json();
    expect(v.status).toBe("fail");
  }).toPass({ timeout: 120_000 });
  await page.reload();
  const deploymentLink = `a[href="/deployments/${DEPLOYMENT}"], a[href^="/deployments/${DEPLOYMENT}?"]`;
  const card = page.locator('[data-testid="deployment-card"]').filter({ has: page.locator(deploymentLink) });
  await expect(card).toBeVisible();

  // 1: the deployment card's link.
  await click(card.locator(deploymentLink).first());
  await expect(page).toHaveURL(new RegExp(`/deployments/${DEPLOYMENT}(\\?.*)?$`));
  const heat = new Heatmap(page);
  // The heatmap opened on the worst cell's dimensions, with the failing cell marked.
  await expect(heat.root()).toHaveAttribute("data-pair", PAIR);
  const worst = heat.worst();
  await expect(worst).toHaveAttribute("data-status", "fail");
  await expect(worst).toHaveAttribute("data-value", "long×de");
  // The regressed cell is a small share of the traffic: ~4% (the demo's mix: de 20% × long 20%).
  const share = (await heat.n(worst)) / (await heat.n(heat.corner()));
  expect(share).toBeGreaterThan(0.03);
  expect(share).toBeLessThan(0.05);

  // 2: the failing cell.
  await click(heat.link(worst));
  const slice = new SlicePage(page);
  await expect(slice.title()).toHaveText(`${PAIR}=long×de`);
  await expect(page.getByTestId("cell-verdict")).toHaveAttribute("data-status", "fail");

  // 3: to its disagreement examples.
  await click(new SliceBreakdown(page).disagreementsLink());
  await expect(page).toHaveURL(/#disagreements$/);
  await expect(slice.disagreements().first()).toBeInViewport();
  expect(await slice.disagreements().count()).toBeGreaterThan(1);
  expect(clicks).toBe(3);
  await page.screenshot({ path: "test-results/screenshots/sre-path-end.png" });
});

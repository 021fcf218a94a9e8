// Stored XSS through deployment names and slice values: they arrive over OTLP from anyone with an
// ingest key, and must render as text on every page that shows them.
import { expect, test } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { OverviewPage, SignInPage } from "./pages";

const NAME = `<img src=x onerror="window.__xss=1">dep`;
const SLICE = `<script>window.__xss=2</script>`;

test("hostile deployment names and slice values render as inert text", async ({ page, request }) => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = (arm: string) => ({
    resource: { attributes: [{ key: "quantlens.deployment", value: { stringValue: NAME } }, { key: "quantlens.arm", value: { stringValue: arm } }] },
    scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: arm === "canary" ? "00000000000000a1" : "00000000000000b1", name: "inference", startTimeUnixNano: String(now - 900_000_000n), endTimeUnixNano: String(now - 700_000_000n), attributes: [{ key: "quantlens.request.id", value: { stringValue: "x1" } }, { key: "quantlens.slice.language", value: { stringValue: SLICE } }] }] }],
  });
  const res = await request.post("/v1/traces", { headers: { Authorization: `Bearer ${E2E.key}` }, data: { resourceSpans: [spans("baseline"), spans("canary")] } });
  expect(res.status()).toBe(200);

  await page.goto("/");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  const overview = new OverviewPage(page);
  await overview.waitForDeployment(NAME);
  await expect(overview.card(NAME)).toContainText(NAME);
  await expect(overview.card(NAME).getByTestId("slices")).toContainText(SLICE);
  await page.goto(`/deployments/${encodeURIComponent(NAME)}?dim=language`);
  await expect(page.getByRole("heading", { name: NAME })).toBeVisible();
  await expect(page.locator("body")).toContainText(SLICE);
  await page.goto(`/deployments/${encodeURIComponent(NAME)}/slices/language/${encodeURIComponent(SLICE)}`);
  await expect(page.locator("body")).toContainText(SLICE);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // No element was created from the payload.
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await page.screenshot({ path: "test-results/screenshots/xss-names.png", fullPage: true });
});

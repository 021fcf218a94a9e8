// The deployment page answers "since when" (the verdict timeline with its markers) and "which
// check fails where" (charts of the worst cell, failing first, on the page's window).
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { OverviewPage, SignInPage } from "./pages";
import { TimelineCharts } from "./objects/timeline";

// The demo regresses the canary on context_bucket×language = long×de: it fails within seconds of
// the backfill and opens an incident.
const DEPLOYMENT = "chat-assistant";
const PAGE = `/deployments/${DEPLOYMENT}`;

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

async function openDeployment(page: Page, query = "") {
  await signIn(page, "/");
  await new OverviewPage(page).waitForDeployment(DEPLOYMENT);
  await page.goto(`${PAGE}${query}`);
}

/** A line chart that drew at least one line. */
async function expectLinesDrawn(page: Page, testId: string) {
  await expect(page.getByTestId(testId).first().locator("path.recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
}

test("the verdict timeline shows since when the canary fails, with the incident it opened", async ({ page }) => {
  await openDeployment(page);
  const t = new TimelineCharts(page);
  await expect(t.timeline()).toBeVisible();
  // The page refreshes every 10 s: wait for the evaluator's fail and its incident to reach the band.
  await expect(t.segments("fail").first()).toBeVisible({ timeout: 120_000 });
  await expect(t.segments("fail").first()).toHaveAttribute("aria-label", /^fail from \d\d:\d\d:\d\d UTC to \d\d:\d\d:\d\d UTC$/);
  await expect(page.getByTestId("timeline-since")).toContainText(/fail since \d\d:\d\d:\d\d UTC/);
  const opened = t.markers("incident_opened").first();
  await expect(opened).toBeVisible({ timeout: 120_000 });
  // The marker is a link to the incident, reachable by keyboard, named by its time and what.
  await expect(opened).toHaveAttribute("href", /^\/incidents\/[^/]+$/);
  await expect(opened).toHaveAttribute("aria-label", /^\d\d:\d\d:\d\d UTC · incident opened/);
  await opened.focus();
  await expect(opened).toBeFocused();
  await expect(opened.getByRole("tooltip")).toBeVisible();
  // The canary's manifest was first seen in the backfill: by the data's time, half an hour ago,
  // so it is on the 1 h band, left of the fail.
  const manifest = t.markers("manifest_change").first();
  await expect(manifest).toBeVisible();
  const at = (await manifest.getAttribute("data-at")) ?? "";
  expect(Date.now() - Date.parse(at)).toBeGreaterThan(20 * 60_000);
  await expect(t.timeline().getByTestId("timeline-legend")).toContainText("incident opened");
  await page.getByTestId("verdict-timeline").screenshot({ path: "test-results/screenshots/verdict-timeline.png" });
});

test("the charts default to the worst cell, failing checks first, task score and KL against their references", async ({ page }) => {
  await openDeployment(page, "?range=1h");
  const t = new TimelineCharts(page);
  await expect(t.chartCell()).toHaveAttribute("data-dimension", "context_bucket×language", { timeout: 120_000 });
  await expect(t.chartCell()).toHaveAttribute("data-value", "long×de");
  // Task score: canary and baseline lines, both drawn.
  const score = t.chart("chart-score");
  await expect(score).toBeVisible();
  await expectLinesDrawn(page, "chart-score");
  await expect(score.locator("path.recharts-line-curve")).toHaveCount(2);
  await expect(score).toContainText("baseline");
  await expect(score).toContainText("canary");
  // KL: this slice against the rest of the traffic (KL has no baseline line of its own).
  await expectLinesDrawn(page, "chart-kl");
  await expect(t.chart("chart-kl")).toContainText("this slice");
  await expect(t.chart("chart-kl")).toContainText("rest of traffic");
  // The failing check's chart comes first and is marked.
  const order = await t.chartOrder();
  const firstChart = page.getByTestId("series").locator("figure").first();
  await expect(firstChart).toHaveAttribute("data-failing", "fail");
  await expect(firstChart.getByTestId("chart-mark")).toContainText("failing");
  expect(order.length).toBeGreaterThan(5);

  // The x axis spans the page's window: 1 h of minutes, up to the last complete minute.
  const latency = t.chart("chart-latency");
  const from = Date.parse((await latency.getAttribute("data-x-from")) ?? "");
  const to = Date.parse((await latency.getAttribute("data-x-to")) ?? "");
  expect(to - from).toBe(59 * 60_000);
  expect(Date.now() - to).toBeLessThan(3 * 60_000);
  expect(Number(await latency.getAttribute("data-points"))).toBe(60);
  const xTicks = await t.xTicks("chart-latency");
  expect(xTicks[0]).toBe(new Date(from).toISOString().slice(11, 16));
  await expect(page.getByTestId("series-caption")).toContainText("incomplete minute is left out");

  // No rate axis reads past 100%, whatever its data (the error rate of the demo is all zero).
  for (const id of ["chart-errors", "chart-fallback", "chart-agreement", "chart-score"]) {
    const chart = t.chart(id);
    await expect(chart.locator(".recharts-yAxis .recharts-cartesian-axis-tick-value").first()).toBeVisible();
    expect(Number(await chart.getAttribute("data-y-max"))).toBeLessThanOrEqual(1);
    const ticks = (await t.yTicks(id)).map((s) => Number(s.replace("%", "")));
    expect(Math.max(...ticks), `${id} y axis`).toBeLessThanOrEqual(100);
  }
  await page.getByTestId("series").screenshot({ path: "test-results/screenshots/worst-cell-charts.png" });

  // 'all traffic' switches the charts to the whole deployment and keeps the page's range.
  await t.showAllTraffic();
  await expect(page).toHaveURL(/[?&]cell=all/);
  await expect(page).toHaveURL(/[?&]range=1h/);
  await expect(t.chartCell()).toHaveAttribute("data-dimension", "");
  await expect(t.chart("chart-kl")).toContainText("all traffic");
  await expectLinesDrawn(page, "chart-drift");
  await t.showWorstCell();
  await expect(t.chartCell()).toHaveAttribute("data-value", "long×de");
});

test("saving a policy puts a policy change marker on the timeline", async ({ page }) => {
  await openDeployment(page);
  const t = new TimelineCharts(page);
  await expect(t.timeline()).toBeVisible();
  const before = await t.markers("policy_change").count();
  const current = await page.request.get(`/api/v1/policies?deployment=${DEPLOYMENT}`);
  expect(current.status()).toBe(200);
  const { active } = await current.json();
  const saved = await page.request.post("/api/v1/policies", { data: { deployment: DEPLOYMENT, reason: "e2e: timeline marker", document: active.policy } });
  expect(saved.status(), await saved.text()).toBeLessThan(300);
  const { version } = await saved.json();
  await page.reload();
  await expect(t.markers("policy_change")).toHaveCount(before + 1);
  const marker = t.markers("policy_change").last();
  await expect(marker).toHaveAttribute("aria-label", new RegExp(`policy v${version} saved by admin: e2e: timeline marker`));
  await expect(marker).toHaveAttribute("href", new RegExp(`^/policies\\?deployment=${DEPLOYMENT}&to=${version}`));
  await page.keyboard.press("Tab");
  await marker.focus();
  await expect(marker).toBeFocused();
});

test("an all-zero rate series reads 0–1%, never 0–400%", async ({ page, request }) => {
  test.setTimeout(300_000); // pages are slow while the demo's backfill lands (busy machine)
  // A deployment of our own whose requests never fail: its error rate is zero in every minute.
  const deployment = `e2e-zero-errors-${Date.now()}`;
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const now = Date.now();
  const spans = (arm: string) =>
    Array.from({ length: 30 }, (_, i) => {
      // Complete minutes only (the current one is left out of the charts): 2 to 6 minutes ago.
      const start = now - 120_000 - i * 8_000;
      return {
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: `${arm === "canary" ? "c" : "b"}${String(i).padStart(15, "0")}`,
        name: "inference",
        kind: 2,
        startTimeUnixNano: `${BigInt(start) * 1_000_000n}`,
        endTimeUnixNano: `${BigInt(start + 150) * 1_000_000n}`,
        attributes: [attr("quantlens.request.id", `${deployment}-${i}`), attr("quantlens.slice.language", "en")],
      };
    });
  // The demo's backfill may fill ingest: a 429 asks to retry, as an exporter would.
  for (const arm of ["baseline", "canary"]) {
    await expect(async () => {
      const res = await request.post("/v1/traces", {
        headers: { Authorization: `Bearer ${E2E.key}`, "Content-Type": "application/json" },
        data: { resourceSpans: [{ resource: { attributes: [attr("quantlens.deployment", deployment), attr("quantlens.arm", arm), attr("service.name", `${deployment}-${arm}`)] }, scopeSpans: [{ scope: { name: "e2e" }, spans: spans(arm) }] }] },
      });
      expect(res.status(), await res.text()).toBe(200);
    }).toPass({ timeout: 60_000 });
  }
  await signIn(page, `/deployments/${deployment}?range=15m`);
  const t = new TimelineCharts(page);
  await expect(async () => {
    await page.reload();
    // A flat line at 0 has no height (not "visible"): check that its path was drawn.
    await expect(page.getByTestId("chart-errors").locator("path.recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/, { timeout: 20_000 });
  }).toPass({ timeout: 150_000 });
  const ticks = (await t.yTicks("chart-errors")).map((x) => Number(x.replace("%", "")));
  expect(ticks.length).toBeGreaterThan(1);
  expect(Math.max(...ticks)).toBe(1);
  await page.getByTestId("chart-errors").screenshot({ path: "test-results/screenshots/zero-error-rate.png" });
});

import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { DeploymentPage, OverviewPage, SignInPage, SlicePage } from "./pages";

// The demo (started by the web server with 30 minutes of backfill) regresses the canary on
// language=de × context_bucket=long: exact match collapses, fallbacks spike, task score drops.
const DEPLOYMENT = "chat-assistant";
const PAIR = encodeURIComponent("context_bucket×language");
const LONG_DE = encodeURIComponent("long×de");
const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

async function signIn(page: Page, path = "/") {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

async function shot(page: Page, name: string) {
  // The assertions before each shot waited for the charts; let the last frames settle.
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A Tremor/recharts line chart that drew at least one line (a flat line at 0 has no height, so check its path). */
async function expectLinesDrawn(page: Page, testId: string, timeout?: number) {
  await expect(page.getByTestId(testId).first().locator("path.recharts-line-curve").first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/, { timeout });
}

/**
 * Waits (a condition, not a sleep) for one auto-refresh of the page at `pathname`: a server-component
 * request (RSC) for it that is not a prefetch, asking for the given search parameters, answered 200,
 * in the same document (no reload), after which the header's "updated" time has moved.
 */
async function expectAutoRefresh(page: Page, pathname: string, params: Record<string, string>, timeout = 60_000) {
  const updated = page.getByTestId("refreshed-at");
  const before = await updated.textContent();
  await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
  const refresh = await page.waitForResponse((r) => {
    const req = r.request();
    const h = req.headers();
    const u = new URL(r.url());
    return req.method() === "GET" && u.pathname === pathname && h["rsc"] === "1" && !h["next-router-prefetch"] && !h["next-router-segment-prefetch"];
  }, { timeout });
  expect(refresh.status()).toBe(200);
  const asked = new URL(refresh.url()).searchParams;
  for (const [k, v] of Object.entries(params)) expect(asked.get(k), `the refresh asked for ${k}=${v}`).toBe(v);
  await expect(updated).not.toHaveText(before ?? "", { timeout });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), "refreshed in place, not reloaded").toBe(true);
}

/** Fails if the page is wider than the viewport (horizontal overflow of the layout). */
async function expectNoHorizontalOverflow(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

test("overview flags the regressed canary and names its worst slice", async ({ page }) => {
  await signIn(page);
  const overview = new OverviewPage(page);
  await overview.waitForDeployment(DEPLOYMENT);
  const card = overview.card(DEPLOYMENT);
  const verdict = card.getByTestId("verdict");
  await expect(verdict).toBeVisible();
  // The evaluator fails the regressed canary as the backfill lands; the card refreshes every 10 s.
  await expect(verdict).toHaveAttribute("data-status", "fail", { timeout: 90_000 });
  await expect(verdict).toHaveText(/fail$/);
  await expect(card.getByTestId("worst-slice")).toContainText(/long×de|\bde\b/);
  await expect(card.getByTestId("manifest-short")).toHaveText("W4A16 · awq · g128 · vllm-0.9.2");
  // Sparklines drew something (recharts renders an SVG path per area).
  await expect(card.locator("svg path.recharts-area-area").first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shot(page, "overview");
});

test("deployment page: verdict, range and dimension in the URL, table per slice", async ({ page }) => {
  test.setTimeout(300_000); // the memory chart may wait for its second live minute, then one auto-refresh (busy machine)
  await signIn(page);
  await new OverviewPage(page).waitForDeployment(DEPLOYMENT);
  await page.getByRole("link", { name: DEPLOYMENT, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${DEPLOYMENT}$`));
  const dep = new DeploymentPage(page);
  await expect(dep.verdict()).not.toHaveAttribute("data-status", "pass");
  await expect(page.getByTestId("policy")).toContainText(/v\d+/);
  await expect(page.getByTestId("policy").getByRole("link")).toHaveAttribute("href", `/policies?deployment=${DEPLOYMENT}`);
  await expect(dep.table()).toHaveAttribute("data-dimension", "context_bucket");
  await expect(dep.row("long")).toBeVisible();
  const before = await dep.rowValues();
  expect(before).toContain("long");

  await dep.pickRange("6h");
  await expect(page).toHaveURL(/[?&]range=6h/);
  await expect(page.getByTestId("range-6h")).toHaveAttribute("aria-pressed", "true");

  await dep.pickDimension("language");
  await expect(page).toHaveURL(/[?&]dim=language/);
  await expect(page).toHaveURL(/[?&]range=6h/);
  await expect(dep.table()).toHaveAttribute("data-dimension", "language");
  await expect(dep.row("de")).toBeVisible();
  const after = await dep.rowValues();
  expect(after).not.toEqual(before);
  // de is the regressed language: worst first, and not a pass.
  expect(after[0]).toBe("de");
  await expect(dep.row("de")).not.toHaveAttribute("data-status", "pass");

  // Every chart has data points and the manifest diff shows the quantization change. The charts
  // open on the verdict's worst cell (a pair has no drift): switch them to all traffic.
  await page.getByTestId("chart-cell-all").click();
  await expect(page).toHaveURL(/[?&]cell=all/);
  for (const id of ["chart-latency", "chart-agreement", "chart-fallback", "chart-drift"]) await expectLinesDrawn(page, id);
  // Memory gauges come only from live traffic (the backfill has none), in per-minute points: a line
  // needs a second minute, up to 65 s after the demo goes live; the page refreshes every 10 s.
  await expectLinesDrawn(page, "chart-memory", 80_000);
  await expect(page.locator('[data-testid="manifest-field"][data-field="quant_format"]')).toHaveAttribute("data-differs", "true");

  // The selection survives an auto-refresh cycle (router.refresh keeps the URL). Prove that a
  // refresh happened: wait for the auto-refresh's own request (the server components of this page,
  // fetched again with the page's state, not a prefetch and not a reload) and for the header's
  // "updated" time to move, then check that the same document still shows the same selection.
  await expectAutoRefresh(page, `/deployments/${DEPLOYMENT}`, { dim: "language", range: "6h" });
  await expect(page).toHaveURL(/[?&]dim=language/);
  await expect(page).toHaveURL(/[?&]range=6h/);
  await expect(dep.table()).toHaveAttribute("data-dimension", "language");
  await expectNoHorizontalOverflow(page);
  await shot(page, "deployment");
  await page.getByTestId("series").screenshot({ path: "test-results/screenshots/deployment-charts.png" });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(dep.row("de")).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await shot(page, "deployment-1920");
});

test("the regressed pair slice shows its checks and disagreement examples", async ({ page }) => {
  await signIn(page, `/deployments/${DEPLOYMENT}?range=1h`);
  const dep = new DeploymentPage(page);
  await dep.pickDimension("context_bucket×language");
  await expect(dep.table()).toHaveAttribute("data-dimension", "context_bucket×language");
  await expect(dep.row("long×de")).not.toHaveAttribute("data-status", "pass");
  await dep.openSlice("long×de");
  await expect(page).toHaveURL(new RegExp(`/deployments/${DEPLOYMENT}/slices/${PAIR}/${LONG_DE}\\?range=1h`));
  const slice = new SlicePage(page);
  await expect(slice.title()).toHaveText("context_bucket×language=long×de");
  await expect(page.getByTestId("cell-verdict")).not.toHaveAttribute("data-status", "pass");
  await expect(page.locator('[data-testid="check"][data-metric="exact_match"]')).toBeVisible();
  await expect(slice.disagreements().first()).toBeVisible();
  expect(await slice.disagreements().count()).toBeGreaterThan(1);
  await expect(page.getByTestId("chart-latency-hist").locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expectLinesDrawn(page, "chart-latency");
  await expectLinesDrawn(page, "chart-agreement");
  await expectNoHorizontalOverflow(page);
  await shot(page, "slice-long-de");
  await page.getByTestId("distributions").screenshot({ path: "test-results/screenshots/slice-long-de-distributions.png" });
});

test("a single-dimension slice shows drift histograms", async ({ page }) => {
  await signIn(page, `/deployments/${DEPLOYMENT}/slices/language/de?range=1h`);
  await expect(new SlicePage(page).title()).toHaveText("language=de");
  await expect(page.getByTestId("chart-drift-hist").first().locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  await expectLinesDrawn(page, "chart-drift");
  await shot(page, "slice-de");
});

test("model output with markup renders as inert text", async ({ page, request }) => {
  const requestId = `e2e-xss-${Date.now()}`;
  const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
  const res = await request.post("/v1/logs", {
    headers: { Authorization: `Bearer ${E2E.key}`, "Content-Type": "application/json" },
    data: {
      resourceLogs: [
        {
          resource: { attributes: [attr("quantlens.deployment", { stringValue: DEPLOYMENT }), attr("service.name", { stringValue: "shadow-e2e" })] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`,
                  eventName: "quantlens.shadow_comparison",
                  attributes: [
                    attr("quantlens.request.id", { stringValue: requestId }),
                    attr("quantlens.slice.language", { stringValue: "de" }),
                    attr("quantlens.slice.context_bucket", { stringValue: "long" }),
                    attr("quantlens.shadow.exact_match", { boolValue: false }),
                    attr("quantlens.shadow.token_agreement", { doubleValue: 0.0 }),
                    attr("quantlens.shadow.input", { stringValue: "Bitte fasse das Dokument zusammen." }),
                    attr("quantlens.shadow.output.baseline", { stringValue: "Eine harmlose Zusammenfassung." }),
                    attr("quantlens.shadow.output.canary", { stringValue: XSS }),
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  expect(JSON.stringify(await res.json())).not.toMatch(/rejected[^0-9]*[1-9]/i);

  // Filtered to token agreement below 0.01 (the demo's never is), so the row is on the first page.
  await signIn(page, `/deployments/${DEPLOYMENT}/slices/${PAIR}/${LONG_DE}?range=15m&dcheck=token&dx=0.01`);
  const example = page.locator(`[data-testid="disagreement"][data-request-id="${requestId}"]`);
  await expect(async () => {
    await page.reload();
    await expect(example).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(example.getByText(XSS, { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await example.locator("img, script").count()).toBe(0);
  await shot(page, "slice-xss");
});

test("unknown deployments and bad windows get clear messages, not crashes", async ({ page }) => {
  await signIn(page, "/deployments/no-such-deployment");
  await expect(page.getByTestId("no-telemetry")).toContainText("No telemetry for no-such-deployment");
  await expect(page.getByTestId("slice-row")).toHaveCount(0);
  await page.goto(`/deployments/${DEPLOYMENT}?from=not-a-time`);
  await expect(page.getByTestId("error-banner")).toContainText("from/to must be");
  await page.goto(`/deployments/${DEPLOYMENT}/slices/language/de?from=2h&to=3h`);
  await expect(page.getByTestId("error-banner")).toContainText("from must be before to");
});

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { DeploymentPage, SignInPage, SlicePage } from "./pages";
import { Heatmap, SliceBreakdown } from "./objects/heatmap";

// The demo (30 minutes of backfill) regresses the canary on context_bucket=long × language=de,
// 4% of its traffic. The heatmap of the deployment page must show that cell failing, with its
// margins, and open on it without being asked.
const DEPLOYMENT = "chat-assistant";
const PAIR = "context_bucket×language";
const path = (p: string) => `/deployments/${DEPLOYMENT}${p}`;
const sliceHref = (dimension: string, value: string) => `/deployments/${DEPLOYMENT}/slices/${encodeURIComponent(dimension)}/${encodeURIComponent(value)}`;

async function signIn(page: Page, to: string) {
  await page.goto(to);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

/** Waits (reloading; the evaluator fails the canary as the backfill lands) until the heatmap's long×de cell fails. */
async function waitForFailingCell(page: Page, heat: Heatmap) {
  await expect(async () => {
    await page.reload();
    await expect(heat.cell(PAIR, "long×de")).toHaveAttribute("data-status", "fail", { timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
}

/** A few shadow comparisons in a slice value of their own: cells far too small to judge. */
async function sendFew(request: APIRequestContext, language: string, count: number) {
  const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
  const now = BigInt(Date.now()) * 1_000_000n;
  const res = await request.post("/v1/logs", {
    headers: { Authorization: `Bearer ${E2E.key}`, "Content-Type": "application/json" },
    data: {
      resourceLogs: [
        {
          resource: { attributes: [attr("quantlens.deployment", { stringValue: DEPLOYMENT }), attr("service.name", { stringValue: "shadow-e2e" })] },
          scopeLogs: [
            {
              logRecords: Array.from({ length: count }, (_, i) => ({
                timeUnixNano: `${now}`,
                eventName: "quantlens.shadow_comparison",
                attributes: [
                  attr("quantlens.request.id", { stringValue: `e2e-few-${language}-${Date.now()}-${i}` }),
                  attr("quantlens.slice.language", { stringValue: language }),
                  attr("quantlens.slice.context_bucket", { stringValue: "short" }),
                  attr("quantlens.slice.task", { stringValue: "chat" }),
                  attr("quantlens.shadow.exact_match", { boolValue: true }),
                  attr("quantlens.shadow.token_agreement", { doubleValue: 1 }),
                ],
              })),
            },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  expect(JSON.stringify(await res.json())).not.toMatch(/rejected[^0-9]*[1-9]/i);
}

test("the heatmap shows the failing long×de cell with its effect and n, its margins and the corner", async ({ page }) => {
  await signIn(page, path("?range=6h"));
  const heat = new Heatmap(page);
  await waitForFailingCell(page, heat);
  // The drill-down opens on the worst cell's dimensions, unasked.
  await expect(page.getByTestId("worst-slice")).toHaveAttribute("data-cell", `${PAIR}=long×de`);
  await expect(heat.root()).toHaveAttribute("data-pair", PAIR);
  await expect(heat.pairs().and(page.locator('[aria-current="page"]'))).toHaveAttribute("data-pair", PAIR);

  const cell = heat.cell(PAIR, "long×de");
  await expect(cell).toHaveAttribute("data-role", "pair");
  await expect(cell).toHaveAttribute("data-worst", "true");
  // Not colour alone: the icon and the word, then the effect with its metric named, then n.
  await expect(cell).toContainText("✕fail");
  await expect(heat.effect(cell)).toHaveText(/^(KL|exact match|token agr\.|task score|fallback|errors|p50|p95|p99|latency) [+−±]?[\d.]+/);
  await expect(cell.getByTestId("heatmap-n")).toHaveText(/^n [\d,]+$/);
  const n = await heat.n(cell);
  expect(n).toBeGreaterThan(100);
  // Its link keeps the page's range.
  await expect(heat.link(cell)).toHaveAttribute("href", `${sliceHref(PAIR, "long×de")}?range=6h`);

  // Margins: the single-dimension cells of its row and column; the corner: all traffic.
  const long = heat.cell("context_bucket", "long");
  const de = heat.cell("language", "de");
  await expect(long).toHaveAttribute("data-role", "row-margin");
  await expect(de).toHaveAttribute("data-role", "col-margin");
  for (const c of [long, de]) {
    expect(await heat.n(c)).toBeGreaterThan(n);
    await expect(heat.link(c)).toHaveAttribute("href", /\/slices\/(context_bucket\/long|language\/de)\?range=6h$/);
  }
  await expect(heat.corner()).toHaveAttribute("data-dimension", "");
  expect(await heat.n(heat.corner())).toBeGreaterThan(await heat.n(long));
  // Every pair cell of the verdict is on the grid (3 × 5 in the demo), with its margins.
  const api = await page.request.get(`/api/v1/deployments/${DEPLOYMENT}/comparison?dimension=${encodeURIComponent(PAIR)}`, { headers: { Authorization: `Bearer ${E2E.key}` } });
  const pairCells = ((await api.json()).cells as { dimension: string }[]).filter((c) => c.dimension === PAIR);
  expect(pairCells.length).toBeGreaterThanOrEqual(15);
  await expect(heat.cells("pair")).toHaveCount(pairCells.length);
  expect(await heat.rowValues()).toEqual(expect.arrayContaining(["long", "medium", "short"]));
  for (const l of ["de", "en", "es", "fr", "ja"]) await expect(heat.cell("language", l)).toHaveAttribute("data-role", "col-margin");
  // The heatmap sits under the verdict and above the per-dimension table.
  const y = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
  expect(await y("slice-heatmap")).toBeGreaterThan(await y("verdict-summary"));
  expect(await y("comparison-table")).toBeGreaterThan(await y("slice-heatmap"));
  await page.getByTestId("slice-heatmap").screenshot({ path: "test-results/screenshots/heatmap.png" });
});

test("small cells are shown greyed, never dropped: the heatmap, the table, the dropdown and the API", async ({ page, request }) => {
  await sendFew(request, "xx", 3);
  await signIn(page, path(""));
  const heat = new Heatmap(page);
  const few = heat.cell(PAIR, "short×xx");
  await expect(async () => {
    await page.reload();
    await expect(few).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(few).toHaveAttribute("data-status", "insufficient_data");
  await expect(few).toHaveAttribute("data-few", "true");
  await expect(few.getByTestId("few-requests")).toHaveText(/few requests/);
  await expect(few).toContainText("insufficient data");
  expect(await heat.n(few)).toBe(3);
  await expect(heat.cell("language", "xx")).toHaveAttribute("data-few", "true");
  // No request was long × xx: an empty cell, not an invented one.
  await expect(heat.root().getByTestId("heatmap-empty").first()).toBeVisible();

  // The per-dimension table lists it too, and so does the pair's table.
  const dep = new DeploymentPage(page);
  await dep.pickDimension("language");
  await expect(dep.row("xx")).toHaveAttribute("data-status", "insufficient_data");
  await dep.pickDimension(PAIR);
  await expect(dep.row("short×xx")).toBeVisible();
  // The API answers every cell, however small.
  const api = await request.get(`/api/v1/deployments/${DEPLOYMENT}/comparison?dimension=${encodeURIComponent(PAIR)}`, { headers: { Authorization: `Bearer ${E2E.key}` } });
  expect(api.status()).toBe(200);
  const body = await api.json();
  const cells = body.cells as { value: string; n: { shadow: number } }[];
  expect(cells.find((c) => c.value === "short×xx")?.n.shadow).toBe(3);
  // …and says when a cap (the policy's max_cells) left cells unjudged: none here.
  expect(body.notJudged).toBe(0);
  const verdict = await (await request.get(`/api/v1/deployments/${DEPLOYMENT}/verdict`, { headers: { Authorization: `Bearer ${E2E.key}` } })).json();
  expect((verdict.cells as { dimension: string; value: string }[]).some((c) => c.dimension === "language" && c.value === "xx")).toBe(true);
});

test("the pair picker switches the grid and keeps the range; the table defaults to a dimension of the worst cell", async ({ page }) => {
  await signIn(page, path("?range=1h"));
  const heat = new Heatmap(page);
  await waitForFailingCell(page, heat);
  // The worst cell is context_bucket×language=long×de: the table opens on context_bucket.
  await expect(page.getByTestId("dimension-select")).toHaveValue("context_bucket");
  await expect(new DeploymentPage(page).table()).toHaveAttribute("data-dimension", "context_bucket");
  await expect(heat.pairs()).toHaveCount(3);
  await heat.pickPair("language×task");
  await expect(page).toHaveURL(/[?&]pair=language%C3%97task/);
  await expect(page).toHaveURL(/[?&]range=1h/);
  expect(await heat.rowValues()).toEqual(expect.arrayContaining(["de", "en", "es", "fr", "ja"]));
  await expect(heat.cells("col-margin")).toHaveCount(4);
  // The de row fails somewhere (it holds the regression), the margin is language=de.
  await expect(heat.cell("language", "de")).toHaveAttribute("data-role", "row-margin");
  // The choice survives the dimension dropdown.
  await new DeploymentPage(page).pickDimension("task");
  await expect(page).toHaveURL(/[?&]pair=language%C3%97task/);
  await expect(heat.root()).toHaveAttribute("data-pair", "language×task");
});

test("slice pages break down by a second dimension and link to the pair slices", async ({ page }) => {
  await signIn(page, `${sliceHref("language", "de")}?range=1h`);
  const slice = new SlicePage(page);
  await expect(slice.title()).toHaveText("language=de");
  const bd = new SliceBreakdown(page);
  // By default: the dimension holding de's worst pair cell, worst first.
  await expect(bd.root()).toHaveAttribute("data-by", "context_bucket");
  await expect(bd.cells()).toHaveCount(3);
  await expect(bd.cells().first()).toHaveAttribute("data-by-value", "long");
  await expect(bd.cell("long")).toHaveAttribute("data-status", "fail");
  await expect(bd.cell("long").getByRole("link")).toHaveAttribute("href", `${sliceHref(PAIR, "long×de")}?range=1h`);
  await bd.pickBy("task");
  await expect(page).toHaveURL(/[?&]by=task/);
  await expect(bd.cells()).toHaveCount(4);
  await expect(bd.cell("chat")).toHaveAttribute("data-value", "de×chat");
  await bd.pickBy("context_bucket");
  await bd.cell("long").getByRole("link").click();
  await expect(slice.title()).toHaveText(`${PAIR}=long×de`);
  await expect(page).toHaveURL(/\?range=1h$/);
  // A pair slice shows the two single-dimension cells it sits between.
  await expect(bd.parents()).toHaveCount(2);
  await expect(bd.parents().first()).toHaveAttribute("data-value", "long");
  await page.screenshot({ path: "test-results/screenshots/slice-breakdown.png", fullPage: true });
});

test("a wide dimension shows its worst 30 values and says how many more, all reachable", async ({ page, request }) => {
  // A deployment of its own: 40 tenants × 2 regions, one shadow comparison each.
  const deployment = `e2e-wide-${Date.now()}`;
  const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
  const now = BigInt(Date.now()) * 1_000_000n;
  const res = await request.post("/v1/logs", {
    headers: { Authorization: `Bearer ${E2E.key}`, "Content-Type": "application/json" },
    data: {
      resourceLogs: [
        {
          resource: { attributes: [attr("quantlens.deployment", { stringValue: deployment })] },
          scopeLogs: [
            {
              logRecords: Array.from({ length: 80 }, (_, i) => ({
                timeUnixNano: `${now}`,
                eventName: "quantlens.shadow_comparison",
                attributes: [
                  attr("quantlens.request.id", { stringValue: `${deployment}-${i}` }),
                  attr("quantlens.slice.tenant", { stringValue: `t${String(i % 40).padStart(2, "0")}` }),
                  attr("quantlens.slice.region", { stringValue: `r${i % 2}` }),
                  attr("quantlens.shadow.exact_match", { boolValue: true }),
                  attr("quantlens.shadow.token_agreement", { doubleValue: 1 }),
                ],
              })),
            },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  await signIn(page, `/deployments/${deployment}`);
  const heat = new Heatmap(page);
  await expect(async () => {
    await page.reload();
    await expect(heat.root()).toHaveAttribute("data-pair", "region×tenant", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(heat.cells("col-margin")).toHaveCount(30);
  await expect(heat.more()).toContainText("30 of 40 tenant values");
  await heat.more().getByTestId("heatmap-all").click();
  await expect(page).toHaveURL(/[?&]heat=all/);
  await expect(heat.cells("col-margin")).toHaveCount(40);
  await expect(heat.cells("pair")).toHaveCount(40);
});

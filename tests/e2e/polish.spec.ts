// Time, wording and polish (issue 13): labelled 24-hour times in UTC or the viewer's zone, a page
// for a deployment with one arm, empty windows that say when each arm last sent, the favicon, the
// 404, dark mode, and table cells that do not wrap at 1280 px.
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { SignInPage } from "./pages";
import { cellLines, HeaderBar, OneArmPage, RangeInputs, sendSpans, WindowNotice } from "./objects/polish";

const DEPLOYMENT = "chat-assistant";
const ZONE = "Europe/Berlin";
const MAIN_PAGES = ["/", `/deployments/${DEPLOYMENT}`, "/incidents", "/policies", "/webhooks", "/audit", "/account"];

async function signIn(page: Page, path = "/") {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

/** 'YYYY-MM-DD HH:MM' of an instant in a zone, by Node's Intl (the reference the page must match). */
function wall(ms: number, zone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

test.describe("time zone", () => {
  test.use({ timezoneId: ZONE, locale: "en-US" });

  test("times are UTC and labelled by default; the switch shows the browser's zone, labelled, and persists", async ({ page }) => {
    await signIn(page, `/deployments/${DEPLOYMENT}`);
    const header = new HeaderBar(page);
    await expect(header.clock()).toHaveText(/^\d{2}:\d{2}:\d{2} UTC$/);
    await expect(page.getByTestId("verdict-since")).toHaveText(/^since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    const utcSince = (await page.getByTestId("verdict-since").locator("time").getAttribute("datetime"))!;

    await header.switchZone("local", ZONE);
    // December in Berlin: CET, one hour ahead of UTC.
    await expect(header.clock()).toHaveText(/^\d{2}:\d{2}:\d{2} CET$/);
    await expect(page.getByTestId("verdict-since")).toHaveText(`since ${wall(Date.parse(utcSince), ZONE)}:${utcSince.slice(17, 19)} CET`);

    // The cookie carries it: a fresh load renders Berlin time on the server already.
    const html = await (await page.request.get(`/deployments/${DEPLOYMENT}`)).text();
    expect(html).toMatch(/\d{2}:\d{2}:\d{2} CET/);
    await page.reload();
    await expect(page.getByTestId("verdict-since")).toHaveText(/ CET$/);
    await expect(header.zoneSwitch()).toHaveAttribute("data-zone", ZONE);

    await header.switchZone("UTC", ZONE);
    await expect(header.clock()).toHaveText(/ UTC$/);
    await page.reload();
    await expect(page.getByTestId("verdict-since")).toHaveText(/ UTC$/);
  });

  test("range inputs are 24-hour text in the chosen zone; the URL stays UTC ISO", async ({ page }) => {
    await signIn(page, `/deployments/${DEPLOYMENT}`);
    const range = new RangeInputs(page);
    // Not the browser's date picker (a 12-hour US clock in this locale).
    await expect(range.from()).toHaveAttribute("type", "text");
    await expect(range.from()).toHaveAttribute("placeholder", "YYYY-MM-DD HH:MM");
    await expect(range.zone()).toHaveText("UTC");

    await new HeaderBar(page).switchZone("local", ZONE);
    await expect(range.zone()).toHaveText("CET");
    // Two hours ago to one hour ago, typed in Berlin time; an afternoon hour reads 13–23, never "PM".
    const from = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
    const to = from + 3_600_000;
    await range.apply(wall(from, ZONE), wall(to, ZONE));
    await expect(page).toHaveURL((u) => u.searchParams.get("from") === `${new Date(from).toISOString().slice(0, 16)}:00Z` && u.searchParams.get("to") === `${new Date(to).toISOString().slice(0, 16)}:00Z`);
    await page.reload();
    await expect(range.from()).toHaveValue(wall(from, ZONE));
    await expect(range.from()).toHaveValue(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):\d{2}$/);
    // Back in UTC the same range reads an hour earlier.
    await new HeaderBar(page).switchZone("UTC", ZONE);
    await expect(range.from()).toHaveValue(wall(from, "UTC"));
    // What is not a time is refused in words, and the URL is left alone.
    await range.apply("12/01/2026 7:42 PM", "");
    await expect(page.getByTestId("range-invalid")).toContainText("YYYY-MM-DD HH:MM");
  });
});

test("a deployment with one arm gets a page saying what was received and what is missing", async ({ page, request }) => {
  const name = `e2e-one-arm-${Date.now()}`;
  await sendSpans(request, name, ["baseline"], 20);
  await signIn(page, "/");
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  // Reaching network idle is the point: the page must not re-request without end.
  await page.goto(`/deployments/${name}`, { waitUntil: "networkidle", timeout: 30_000 });
  const one = new OneArmPage(page);
  await expect(one.root()).toBeVisible();
  await expect(one.received("baseline")).toContainText("20");
  expect(await one.missing()).toEqual(expect.arrayContaining(["arm-canary", "shadow", "slices"]));
  expect(await one.missing()).not.toContain("arm-baseline");
  await expect(page.getByTestId("rollback")).toHaveCount(0);
  await expect(page.getByTestId("comparison-table")).toHaveCount(0);
  await expect(page.getByText("all traffic")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/polish-one-arm.png", fullPage: true });
  // Quiet after load: a few seconds bring at most the auto-refresh.
  const before = requests.length;
  await page.waitForLoadState("networkidle");
  expect(requests.length - before).toBeLessThan(10);
  // Every link on the page leads somewhere.
  const hrefs = await page.locator("a[href]").evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).href))]);
  for (const href of hrefs.filter((h) => h.startsWith(E2E.url))) {
    const res = await page.request.get(href, { maxRedirects: 0 });
    expect(res.status(), href).toBeLessThan(400);
  }
});

test("an empty window says when each arm last sent, and links to a window with the data", async ({ page, request }) => {
  const name = `e2e-stopped-${Date.now()}`;
  // Both arms sent three hours ago, then stopped.
  await sendSpans(request, name, ["baseline", "canary"], 10, 3 * 3_600_000);
  await signIn(page, `/deployments/${name}`);
  const notice = new WindowNotice(page);
  await expect(notice.root()).toBeVisible();
  await expect(notice.root()).toHaveAttribute("data-silent", "baseline canary");
  await expect(notice.root()).toContainText("No traffic in this window");
  await expect(notice.lastSent("baseline")).toHaveText(/^baseline last sent \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(\d h( \d+ min)? ago\)$/);
  await expect(notice.lastSent("canary")).toHaveText(/^canary last sent .* UTC/);
  await notice.link().click();
  await expect(page).toHaveURL(/from=.*Z&to=.*Z|to=.*Z.*from=/);
  await expect(notice.root()).toHaveCount(0);
});

test("the favicon loads without a session, and the main pages log no console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${page.url()}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  const icons: { url: string; status: number }[] = [];
  page.on("response", (r) => /\/(favicon\.ico|icon\.svg)/.test(r.url()) && icons.push({ url: r.url(), status: r.status() }));
  const anonymous = await page.request.get("/icon.svg", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(200);
  expect(anonymous.headers()["content-type"]).toContain("image/svg");
  await signIn(page, "/");
  for (const path of MAIN_PAGES) {
    await page.goto(path, { waitUntil: "networkidle" });
    const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(href, path).toMatch(/^\/icon\.svg/);
  }
  expect(icons.length).toBeGreaterThan(0);
  expect(icons.filter((i) => i.status !== 200)).toEqual([]);
  expect(errors).toEqual([]);
});

test("the 404 page is styled and leads back", async ({ page }) => {
  await signIn(page, "/");
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  const card = page.getByTestId("not-found");
  await expect(card).toBeVisible();
  await expect(card.getByRole("heading", { name: "Not found" })).toBeVisible();
  const style = await card.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderTopWidth, radius: getComputedStyle(el).borderTopLeftRadius }));
  expect(style).toEqual({ bg: "rgb(255, 255, 255)", border: "1px", radius: "8px" });
  expect(await card.locator("img").evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await card.getByRole("link", { name: "Back to the overview" }).click();
  await expect(page).toHaveURL(`${E2E.url}/`);
});

test.describe("dark mode", () => {
  const LIGHT_BG = "rgb(248, 250, 252)"; // slate-50
  const DARK_BG = "rgb(2, 6, 23)"; // slate-950

  test("the toggle switches the theme, and the choice persists", async ({ page }) => {
    await signIn(page, `/deployments/${DEPLOYMENT}`);
    const header = new HeaderBar(page);
    await expect(header.themeToggle()).toHaveAttribute("data-theme", "light");
    expect(await header.background()).toBe(LIGHT_BG);
    await header.themeToggle().click();
    await expect(header.themeToggle()).toHaveAttribute("data-theme", "dark");
    expect(await header.background()).toBe(DARK_BG);
    // Cards turn dark too (white is a variable), and text light.
    const card = await page.getByTestId("verdict-summary").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(card).not.toBe("rgb(255, 255, 255)");
    // Rendered dark by the server from the cookie: dark from the first paint.
    const html = await (await page.request.get(`/deployments/${DEPLOYMENT}`)).text();
    expect(html).toMatch(/<html[^>]*class="dark"/);
    await page.reload();
    expect(await header.background()).toBe(DARK_BG);
    await expect(page.getByTestId("comparison-table")).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/polish-dark-deployment.png", fullPage: true });
    await header.themeToggle().click();
    await expect(header.themeToggle()).toHaveAttribute("data-theme", "light");
    expect(await header.background()).toBe(LIGHT_BG);
  });

  test.describe("with a dark system preference", () => {
    test.use({ colorScheme: "dark" });
    test("no choice yet follows the system", async ({ page }) => {
      await signIn(page, "/");
      const header = new HeaderBar(page);
      expect(await header.background()).toBe(DARK_BG);
      await expect(header.themeToggle()).toHaveAttribute("data-theme", "dark");
      await header.themeToggle().click();
      expect(await header.background()).toBe(LIGHT_BG);
    });
  });
});

test("at 1280 px the comparison table's cells take at most two lines", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, `/deployments/${DEPLOYMENT}?dim=language`);
  const table = page.getByTestId("comparison-table");
  await expect(table.getByTestId("slice-row").first()).toBeVisible();
  const tall = (await cellLines(table)).filter((c) => c.lines > 2);
  expect(tall).toEqual([]);
  // …and without hiding columns behind a horizontal scroll.
  expect(await table.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  for (const path of ["/incidents", "/webhooks", "/audit"]) {
    await page.goto(path);
    for (const t of await page.locator("main table").all()) {
      expect((await cellLines(t)).filter((c) => c.lines > 2), path).toEqual([]);
    }
  }
});

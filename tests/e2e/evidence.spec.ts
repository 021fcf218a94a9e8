import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { SignInPage } from "./pages";
import { EvidencePage } from "./objects/evidence";

// The demo regresses chat-assistant on context_bucket×language = long×de within seconds.
const SLICE = `/deployments/chat-assistant/slices/${encodeURIComponent("context_bucket×language")}/${encodeURIComponent("long×de")}`;

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

/** The slice page once the failing cell's exact-match check is in its verdict (reloads until then). */
async function openSlice(page: Page, query: string) {
  await signIn(page, `${SLICE}${query}`);
  const ev = new EvidencePage(page);
  await expect(async () => {
    await page.reload();
    await expect(ev.check("exact_match")).toHaveAttribute("data-status", "fail", { timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  return ev;
}

test("a check's evidence opens in place with the keyboard: interval, e-values, n, allowance", async ({ page }) => {
  const ev = await openSlice(page, "?range=1h");
  const first = page.getByTestId("evidence-toggle").first();
  const second = page.getByTestId("evidence-toggle").nth(1);
  // Reached by Tab, from one check's disclosure to the next; opened with Enter.
  await first.focus();
  await page.keyboard.press("Tab");
  await expect(second).toBeFocused();
  await ev.toggle("exact_match").focus();
  await expect(ev.panel("exact_match")).toBeHidden();
  await page.keyboard.press("Enter");
  const panel = ev.panel("exact_match");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("evidence-interval")).toHaveText(/^\[-?[\d.]+ pts, [\d.]+ pts\]/);
  await expect(panel.getByTestId("evidence-evalue")).toHaveCount(2);
  await expect(panel.getByTestId("evidence-evalue").first()).toContainText("threshold");
  await expect(panel.getByTestId("evidence-n")).toHaveText(/^[\d,]+ shadow pairs$/);
  await expect(panel.getByTestId("evidence-allowance")).toHaveText(/^≤ [\d.]+ pts/);
  await expect(panel.getByTestId("evidence-failed")).toBeVisible();
  // Enter again closes it.
  await page.keyboard.press("Enter");
  await expect(panel).toBeHidden();

  // The table's cell opens the same evidence, in a row beneath, with the keyboard too.
  await ev.tableToggle("exact_match").focus();
  await page.keyboard.press("Enter");
  await expect(ev.tableToggle("exact_match")).toHaveAttribute("aria-expanded", "true");
  await expect(ev.tableEvidence().getByTestId("evidence-interval")).toBeVisible();
  await expect(ev.tableEvidence().getByTestId("evidence-n")).toContainText("shadow pairs");
  await page.screenshot({ path: "test-results/screenshots/evidence-open.png", fullPage: true });
});

test("a term's popover explains it and links to its section of docs/policy.md", async ({ page }) => {
  const ev = await openSlice(page, "?range=1h");
  await ev.toggle("exact_match").click();
  const term = ev.term(ev.panel("exact_match"), "always-valid");
  const button = term.getByRole("button");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const note = term.getByTestId("term-panel");
  await expect(note).toContainText("confidence sequence");
  // Escape closes it and gives focus back.
  await page.keyboard.press("Escape");
  await expect(note).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await note.getByTestId("term-link").click();
  await expect(page).toHaveURL(/\/docs\/policy#always-valid-intervals$/);
  const heading = page.locator("#always-valid-intervals");
  await expect(heading).toBeVisible();
  await expect(heading).toContainText("Always-valid intervals");
  await expect(page.getByTestId("doc")).toContainText("Guardrail policies and the judgment");
  // Other terms land on their own sections.
  for (const id of ["e-values", "false-discovery-rate-fdr", "psi-population-stability-index", "allowance"]) await expect(page.locator(`#${id}`)).toHaveCount(1);
  // Only listed docs are served.
  const res = await page.goto("/docs/..%2Fpackage");
  expect(res?.status()).toBe(404);
});

test("disagreements: worst score drop first, word diff marked, page 2, copyable ids, filter by check", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: E2E.url });
  const ev = await openSlice(page, "?range=1h");
  await expect(ev.disagreements().first()).toBeVisible();
  const drops = await ev.scoreDrops();
  expect(drops.length).toBeGreaterThan(1);
  for (let i = 1; i < drops.length; i++) expect(drops[i], `row ${i} after row ${i - 1}`).toBeLessThanOrEqual(drops[i - 1]);
  // Word-level diff: where the outputs differ, the canary's inserted and the baseline's removed words are marked.
  const differing = page.locator('[data-testid="disagreement"][data-exact="0"]').first();
  await expect(differing.getByTestId("text-canary").getByTestId("diff-ins").first()).toBeAttached();
  await expect(differing.getByTestId("text-baseline").getByTestId("diff-del").first()).toBeAttached();
  expect(await differing.getByTestId("text-canary").locator("ins").evaluateAll((els) => els.every((e) => e.children.length === 0))).toBe(true);

  // Copy the first request id.
  const first = ev.disagreements().first();
  const id = await first.getAttribute("data-request-id");
  await first.getByTestId("copy-request-id").getByTestId("copy-button").click();
  await expect(first.getByTestId("copy-request-id").getByTestId("copy-state")).toHaveText("copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  // Page 2.
  const total = await ev.total();
  expect(total).toBeGreaterThan(20);
  // Followed by address: the header's 10 s auto-refresh can pre-empt a client navigation while a
  // render takes longer than that on this loaded machine.
  const next = await ev.pager().getByTestId("disagreement-next").getAttribute("href");
  await page.goto(next!);
  await expect(page).toHaveURL(/[?&]dpage=2(&|$)/);
  await expect(ev.pager()).toHaveAttribute("data-page", "2");
  await expect(page.getByTestId("disagreement-range").first()).toHaveText(/^21–/);
  await expect(ev.disagreements().first()).toBeAttached();
  await expect(ev.pager().getByTestId("disagreement-prev")).toBeVisible();

  // Filter by check: KL above 0.5 narrows the list, and every row shown passes it.
  await ev.filterBy("KL above", "0.5");
  await expect(page).toHaveURL(/dcheck=kl&dx=0\.5/);
  await expect(page.getByTestId("disagreements")).toHaveAttribute("data-check", "kl");
  const kls = await ev.disagreements().evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-kl"))));
  for (const k of kls) expect(k).toBeGreaterThan(0.5);
  if (kls.length > 0) expect(await ev.total()).toBeLessThan(total);
  await ev.filterBy("exact match fails");
  await expect(page.getByTestId("disagreements")).toHaveAttribute("data-check", "exact");
  await expect(ev.disagreements().first()).toBeVisible();
  const exact = await ev.disagreements().evaluateAll((els) => els.map((e) => e.getAttribute("data-exact")));
  expect(exact.length).toBeGreaterThan(0);
  expect(new Set(exact)).toEqual(new Set(["0"]));
  await page.screenshot({ path: "test-results/screenshots/evidence-disagreements.png", fullPage: true });
});

test("the time to a decision shows for a live range only, never for a closed one", async ({ page }) => {
  // The demo backfills 30 minutes first; its data reaches the present (traffic flowing) after that.
  test.setTimeout(400_000);
  const ev = await openSlice(page, "?range=1h");
  await expect(async () => {
    await page.reload();
    await expect(ev.checks()).toHaveAttribute("data-eta-shown", "true", { timeout: 2_000 });
  }).toPass({ timeout: 300_000 });
  const from = new Date(Date.now() - 30 * 60_000).toISOString();
  const to = new Date(Date.now() - 60_000).toISOString();
  await page.goto(`${SLICE}?from=${from}&to=${to}`);
  await expect(ev.checks()).toHaveAttribute("data-eta-shown", "false");
  await expect(ev.checks()).not.toContainText("at the current rate");
  const inconclusive = page.locator('[data-testid="check"][data-status="inconclusive"]');
  if ((await inconclusive.count()) > 0) {
    await inconclusive.first().getByTestId("evidence-toggle").click();
    await expect(inconclusive.first().getByTestId("evidence-eta")).toHaveText("no time to a decision over a closed range");
  }
});

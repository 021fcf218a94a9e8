// The overview, problems first: the failing demo deployment sorts before deployments that are not
// judged (whose names sort before it), counts per status add up, the filter lives in the URL and
// works without JavaScript, a card names its failing metric and slice, since when, and links its
// open incident; an arm silent for 5 minutes is marked stale; a deployment with many dimensions
// and values gets a bounded card. The extra deployments are sent here over OTLP/JSON.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { ProblemsOverview, SEVERITY } from "./objects/overview";
import { IncidentPage, SignInPage, SlicePage } from "./pages";

const DEMO = "chat-assistant";
const RUN = Date.now().toString(36);
// Named to sort before the demo by name: only the severity order can put the demo first.
const STALE = `a-e2e-stale-${RUN}`;
const WIDE = `a-e2e-wide-${RUN}`;
const STALE_AGE_MS = 20 * 60_000;

interface Span {
  ageMs: number;
  slices: Record<string, string>;
}

let spanSeq = 0;
/** When the stale deployment's spans were sent (epoch ms). */
let staleSentAt = 0;
async function sendSpans(request: APIRequestContext, deployment: string, arm: "baseline" | "canary", spans: Span[]) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attr = (key: string, stringValue: string) => ({ key, value: { stringValue } });
  const res = await request.post("/v1/traces", {
    headers: { Authorization: `Bearer ${E2E.key}` },
    data: {
      resourceSpans: [
        {
          resource: { attributes: [attr("quantlens.deployment", deployment), attr("quantlens.arm", arm)] },
          scopeSpans: [
            {
              spans: spans.map((s) => {
                const n = ++spanSeq;
                const end = now - BigInt(s.ageMs) * 1_000_000n;
                return {
                  traceId: n.toString(16).padStart(32, "0"),
                  spanId: n.toString(16).padStart(16, "0"),
                  name: "inference",
                  startTimeUnixNano: String(end - 300_000_000n),
                  endTimeUnixNano: String(end),
                  attributes: [attr("quantlens.request.id", `${deployment}-${n}`), ...Object.entries(s.slices).map(([k, v]) => attr(`quantlens.slice.${k}`, v))],
                };
              }),
            },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(200);
  expect(JSON.stringify(await res.json())).not.toMatch(/rejected[^0-9]*[1-9]/i);
}

/** STALE: a baseline only, last sent 20 minutes ago. WIDE: both arms, live, 21 dimensions, one of them with 210 values (past the 200 kept). */
async function sendFleet(request: APIRequestContext) {
  if (staleSentAt === 0) {
    staleSentAt = Date.now();
    await sendSpans(request, STALE, "baseline", Array.from({ length: 5 }, (_, i) => ({ ageMs: STALE_AGE_MS + i * 1000, slices: { language: "en" } })));
  }
  // Sent again by every test, so it stays live however long the tests before took.
  const wide: Span[] = Array.from({ length: 210 }, (_, i) => {
    const slices: Record<string, string> = { aa_tenant: `t${String(i).padStart(3, "0")}` };
    // At most 16 dimensions a record: even records carry dim00..dim09, odd ones dim10..dim19.
    for (let d = 0; d < 10; d++) slices[`dim${String(d + (i % 2) * 10).padStart(2, "0")}`] = `v${i % 7}`;
    return { ageMs: 1000, slices };
  });
  await sendSpans(request, WIDE, "baseline", wide);
  await sendSpans(request, WIDE, "canary", wide);
}

async function signIn(page: Page) {
  await page.goto("/");
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

/** Signed in, with the fleet sent, the demo failing and its incident open on the overview. */
async function ready(page: Page, request: APIRequestContext): Promise<ProblemsOverview> {
  await sendFleet(request);
  await signIn(page);
  const overview = new ProblemsOverview(page);
  await overview.waitForCard(STALE);
  await overview.waitForCard(WIDE);
  // The evaluator fails the demo's canary as its backfill lands and opens an incident.
  await expect(async () => {
    await overview.open();
    await expect(overview.card(DEMO).verdict()).toHaveAttribute("data-status", "fail", { timeout: 2_000 });
    await expect(overview.card(DEMO).incidentLink()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  return overview;
}

test("problems first: the failing deployment before those not judged, whatever the names; counts add up", async ({ page, request }) => {
  const overview = await ready(page, request);
  const order = await overview.order();
  const at = (d: string) => order.findIndex((c) => c.deployment === d);
  expect(at(DEMO)).toBeGreaterThanOrEqual(0);
  expect(at(DEMO), "the failing demo before the unjudged deployments whose names sort first").toBeLessThan(at(STALE));
  expect(at(DEMO)).toBeLessThan(at(WIDE));
  const ranks = order.map((c) => SEVERITY.indexOf(c.status as (typeof SEVERITY)[number]));
  expect(ranks.every((r) => r >= 0), `known statuses: ${order.map((c) => c.status)}`).toBe(true);
  expect(ranks, "worst status first").toEqual([...ranks].sort((a, b) => a - b));

  const all = await overview.count("all");
  expect(all).toBe(order.length);
  let sum = 0;
  for (const s of SEVERITY) {
    const n = await overview.count(s);
    expect(n, `${s} count`).toBe(order.filter((c) => c.status === s).length);
    sum += n;
  }
  expect(sum).toBe(all);
  expect(await overview.count("fail")).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: "test-results/screenshots/overview-problems.png", fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: "test-results/screenshots/overview-problems-1920.png", fullPage: true });
});

test("a failing card names its metric and slice (linked), since when, and links its open incident", async ({ page, request }) => {
  const overview = await ready(page, request);
  const card = overview.card(DEMO);
  await expect(card.since()).toHaveText(/^since (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC · for \d+/);
  const since = Date.parse((await card.since().getAttribute("data-since")) ?? "");
  expect(since).toBeLessThanOrEqual(Date.now());
  const cell = (await card.worstSlice().getAttribute("data-cell")) ?? "";
  expect(cell.split("=")[1]?.split("×")).toContain("de");
  await expect(card.worstMetric()).toHaveText(/^· [a-z_0-9]+$/);

  const href = await card.incidentLink().getAttribute("href");
  expect(href).toMatch(/^\/incidents\/inc_/);
  await expect(card.incidentLink()).toHaveText(/incident open since (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC/);
  await card.incidentLink().click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(new IncidentPage(page).status()).toContainText("open");

  await overview.open();
  const [dimension, value] = cell.split("=");
  await card.worstSliceLink().click();
  await expect(page).toHaveURL(new RegExp(`/deployments/${DEMO}/slices/${encodeURIComponent(dimension)}/${encodeURIComponent(value)}$`));
  await expect(new SlicePage(page).title()).toHaveText(cell);
});

test("the filter lives in the URL: status and name, and the form works without JavaScript", async ({ page, request, browser }) => {
  const overview = await ready(page, request);
  await overview.open("?status=fail");
  await expect(overview.card(DEMO).root).toBeVisible();
  await expect(overview.card(STALE).root).toHaveCount(0);
  expect((await overview.order()).every((c) => c.status === "fail")).toBe(true);
  await expect(overview.countChip("fail")).toHaveAttribute("aria-current", "page");

  await overview.open(`?q=${RUN}`);
  expect((await overview.order()).map((c) => c.deployment).sort()).toEqual([STALE, WIDE]);
  expect(await overview.count("all")).toBe(2);
  await expect(page.getByTestId("filter-q")).toHaveValue(RUN);
  // A count link keeps the name filter.
  await overview.countChip("fail").click();
  await expect(page).toHaveURL(new RegExp(`[?&]status=fail&q=${RUN}$`));
  await expect(page.getByTestId("no-matches")).toBeVisible();

  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const p = await noJs.newPage();
    const plain = new ProblemsOverview(p);
    await plain.open();
    await plain.filter({ status: "insufficient_data", q: RUN.toUpperCase() });
    await expect(p).toHaveURL(new RegExp(`[?&]status=insufficient_data&q=${RUN.toUpperCase()}$`));
    expect((await plain.order()).map((c) => c.deployment).sort()).toEqual([STALE, WIDE]);
    await expect(p.getByTestId("filter-status")).toHaveValue("insufficient_data");
  } finally {
    await noJs.close();
  }
});

test("an arm silent for 5 minutes is marked stale, with when it last sent", async ({ page, request }) => {
  const overview = await ready(page, request);
  const stale = overview.card(STALE);
  await expect(stale.root).toHaveAttribute("data-stale", "true");
  const text = (await stale.staleArm("baseline").textContent()) ?? "";
  const m = /^baseline last sent (?:\d{4}-\d\d-\d\d )?(\d\d:\d\d) UTC \((\d+) min ago\)$/.exec(text);
  expect(m, text).not.toBeNull();
  // Its spans ended 20 minutes (up to 4 s more) before they were sent; the aggregates keep minutes.
  const clock = (t: number) => new Date(t).toISOString().slice(11, 16);
  const last = staleSentAt - STALE_AGE_MS;
  expect([clock(last - 5_000), clock(last)]).toContain(m![1]);
  const ago = Number(m![2]);
  expect(ago).toBeGreaterThanOrEqual(19);
  expect(ago).toBeLessThanOrEqual(21 + (Date.now() - staleSentAt) / 60_000);
  await expect(stale.root).toContainText("No canary traffic yet");
  // Live arms are not stale (the demo's may be, while its backfill lags on a busy machine).
  await expect(overview.card(WIDE).root).toHaveAttribute("data-stale", "false");
  await expect(overview.card(WIDE).stale()).toHaveCount(0);
});

test("a card lists at most 8 dimensions and 5 values each, counts the rest, and keeps the folded marker", async ({ page, request }) => {
  const overview = await ready(page, request);
  await overview.open(`?q=${WIDE}`);
  const wide = overview.card(WIDE);
  await expect(wide.dimensions()).toHaveCount(8);
  await expect(wide.moreDimensions()).toHaveText(/^\+13 more dimensions/);
  const tenant = wide.dimension("aa_tenant");
  await expect(tenant.getByTestId("more-values")).toHaveText("+196 more");
  await expect(tenant.getByTestId("folded")).toContainText("folded into __other__");
  const box = await wide.root.boundingBox();
  expect(box?.height ?? 0, "the card stays short").toBeLessThan(600);
  await page.screenshot({ path: "test-results/screenshots/overview-wide-card.png", fullPage: true });
});

// One verdict everywhere: at the same moment (the same persisted verdict, by its evaluation
// time) the overview, the deployment page and the incident page show the same status and worst
// cell, and the verdict API and the rollout gate agree with them.
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { IncidentsPage, OverviewPage, SignInPage } from "./pages";

const DEPLOYMENT = "chat-assistant";
const auth = { Authorization: `Bearer ${E2E.key}` };

interface Seen {
  evaluatedAt: string | null;
  status: string | null;
  worst: string | null;
}

async function overview(page: Page): Promise<Seen> {
  await page.goto("/");
  const card = new OverviewPage(page).card(DEPLOYMENT);
  const line = card.getByTestId("verdict-line");
  await expect(line).toBeVisible();
  return { evaluatedAt: await line.getAttribute("data-evaluated-at"), status: await card.getByTestId("verdict").getAttribute("data-status"), worst: await card.getByTestId("worst-slice").getAttribute("data-cell") };
}

async function deploymentPage(page: Page): Promise<Seen> {
  await page.goto(`/deployments/${DEPLOYMENT}`);
  const summary = page.getByTestId("verdict-summary");
  await expect(summary).toBeVisible();
  return { evaluatedAt: await summary.getAttribute("data-evaluated-at"), status: await page.getByTestId("verdict").getAttribute("data-status"), worst: await page.getByTestId("worst-slice").getAttribute("data-cell") };
}

async function incidentPage(page: Page, href: string): Promise<Seen> {
  await page.goto(href);
  const latest = page.getByTestId("latest-verdict");
  await expect(latest).toBeVisible();
  return { evaluatedAt: await latest.getAttribute("data-evaluated-at"), status: await page.getByTestId("latest-verdict-status").getAttribute("data-status"), worst: await page.getByTestId("latest-worst").getAttribute("data-cell") };
}

test("the overview, the deployment page, the incident page, the verdict API and the gate say the same", async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
  const incidents = new IncidentsPage(page);
  await incidents.waitForIncident(DEPLOYMENT, "open", 120_000);
  const href = await incidents.rows(DEPLOYMENT, "open").first().getByTestId("incident-link").getAttribute("href");
  expect(href).toMatch(/^\/incidents\/inc_/);

  // A new verdict may be persisted between two reads: retry until every read saw the same one.
  await expect(async () => {
    const api = await (await request.get(`/api/v1/deployments/${DEPLOYMENT}/verdict`, { headers: auth })).json();
    const gateRes = await request.get(`/api/v1/deployments/${DEPLOYMENT}/gate`, { headers: auth });
    const gate = await gateRes.json();
    const seen = [await overview(page), await deploymentPage(page), await incidentPage(page, href!)];
    const after = await (await request.get(`/api/v1/deployments/${DEPLOYMENT}/verdict`, { headers: auth })).json();
    expect(after.evaluatedAt, "no new verdict was persisted during the reads").toBe(api.evaluatedAt);
    const worst = api.worstCell ? `${api.worstCell.dimension}=${api.worstCell.value}` : "";
    expect(api.status).toBe("fail");
    expect(worst.split("=")[1]?.split("×")).toContain("de");
    for (const s of seen) {
      expect(s.evaluatedAt).toBe(api.evaluatedAt);
      expect(s.status).toBe(api.status);
      expect(s.worst).toBe(worst);
    }
    // The gate reads the same verdict: 412 while it fails, with the same worst cell.
    expect(gate.evaluatedAt).toBe(api.evaluatedAt);
    expect(gateRes.status()).toBe(412);
    expect(gate.status).toBe(api.status);
    expect(gate.worstCell).toEqual(api.worstCell);
  }).toPass({ timeout: 180_000, intervals: [1_000, 2_000, 5_000] });
  await page.screenshot({ path: "test-results/screenshots/incident-latest.png", fullPage: true });
});

// Incidents and webhooks in the browser: the regression opens an incident with its evidence, an
// operator acknowledges it; endpoints are created in the UI (the secret shown once), a test event
// is delivered to a local receiver with a valid signature, and a receiver answering 410 dead-letters.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { IncidentPage, IncidentsPage, SignInPage, WebhooksPage } from "./pages";

const DEPLOYMENT = "chat-assistant";

async function signIn(page: Page, path = "/") {
  await page.goto(path);
  await page.waitForLoadState("load");
  await new SignInPage(page).signIn("admin", E2E.adminPassword);
  await expect(page.getByTestId("whoami")).toContainText("admin");
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 in the test process, answering every request with `status`. */
async function receiver(status: number): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 410 ? "gone" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook-${status}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

function signatureValid(secret: string, r: Received): boolean {
  const ts = String(r.headers["quantlens-timestamp"] ?? "");
  const expected = "sha256=" + crypto.createHmac("sha256", secret).update(`${ts}.${r.body}`).digest("hex");
  return String(r.headers["quantlens-signature"] ?? "").split(",").some((s) => s.trim() === expected);
}

test("the regression opens an incident with its evidence, and an operator acknowledges it", async ({ page }) => {
  await signIn(page, "/incidents");
  const incidents = new IncidentsPage(page);
  await incidents.waitForIncident(DEPLOYMENT, "open", 60_000);
  await expect(incidents.rows(DEPLOYMENT, "open").first().getByTestId("incident-slices")).toContainText(/^worst \S+=\S+ \(/); // the cell the verdict named worst when it opened
  await shot(page, "incidents");

  await incidents.openFirst(DEPLOYMENT, "open");
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incident = new IncidentPage(page);
  await expect(incident.status()).toHaveAttribute("data-state", "open");
  await expect(incident.evidence()).toBeVisible();
  // The evidence at opening lists the injected long×de regression's cells (the pair, or its
  // slices language=de and context_bucket=long).
  await expect(incident.allEvidence().first()).toContainText(/long×de|language=de|context_bucket=long/);
  await expect(incident.worstCellLink()).toHaveAttribute("href", new RegExp(`^/deployments/${DEPLOYMENT}/slices/[^/]+/[^/]+$`));
  await expect(incident.timeline().locator('[data-kind="incident"]').first()).toContainText("incident opened");
  await expect(incident.timeline().locator('[data-kind="verdict"]').first()).toBeVisible();

  await incident.acknowledge();
  await expect(incident.acknowledged()).toContainText("acknowledged by admin");
  await expect(page.getByTestId("acknowledge")).toHaveCount(0);
  await expect(incident.timeline().locator('[data-kind="ack"]')).toContainText("acknowledged by admin");
  await shot(page, "incident");
});

test("webhooks: secret shown once, a test delivered and signed, a rollback request, a 410 dead-lettered", async ({ page }) => {
  const ok = await receiver(200);
  const gone = await receiver(410);
  try {
    await signIn(page, "/webhooks");
    const webhooks = new WebhooksPage(page);

    // 1. An endpoint for chat-assistant on a loopback receiver (private networks allowed).
    await webhooks.create({ url: ok.url, deployment: DEPLOYMENT, allowPrivate: true });
    await expect(page.getByTestId("private-warning")).toBeVisible();
    await expect(webhooks.newSecret()).toBeVisible();
    const secret = await page.getByTestId("new-secret-value").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(webhooks.endpoint(ok.url)).toBeVisible();
    await shot(page, "webhooks-secret");
    // Shown once: a reload does not bring it back, and the page never contains it.
    await page.reload();
    await expect(webhooks.newSecret()).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    await webhooks.sendTest(ok.url);
    const delivered = await webhooks.waitForDelivery(ok.url, "test", "delivered");
    await expect(delivered.getByTestId("delivery-status")).toHaveText("200");
    await delivered.getByTestId("delivery-expand").click();
    const details = page.getByTestId("delivery-details").first();
    await expect(details.getByTestId("delivery-attempts")).toContainText("200");
    await expect(details.getByTestId("delivery-payload")).toContainText('"schema": "quantlens.webhook.v2"');
    const test = ok.received.find((r) => r.headers["quantlens-event"] === "test");
    expect(test, "the receiver got the test event").toBeTruthy();
    expect(signatureValid(secret, test!)).toBe(true);

    // 2. Request a rollback from the deployment page: it goes to the one chat-assistant endpoint.
    await page.goto(`/deployments/${DEPLOYMENT}`);
    await page.getByTestId("rollback-open").click();
    await page.getByTestId("rollback-reason").fill("e2e: canary fails on long German prompts");
    await shot(page, "rollback-dialog");
    await page.getByTestId("rollback-confirm").click();
    await expect(page.getByTestId("rollback-result")).toContainText("sent to 1 endpoint");
    await expect.poll(() => ok.received.filter((r) => r.headers["quantlens-event"] === "rollback.requested").length, { timeout: 30_000 }).toBe(1);

    // 3. A receiver answering 410 Gone: not retried, dead-lettered, clearly shown.
    await webhooks.open();
    await webhooks.create({ url: gone.url, allowPrivate: true, events: ["test"] });
    await expect(webhooks.newSecret()).toBeVisible();
    await webhooks.sendTest(gone.url);
    const dead = await webhooks.waitForDelivery(gone.url, "test", "dead");
    await expect(dead).toHaveAttribute("data-testid", "delivery-dead");
    await expect(dead.getByTestId("delivery-error")).toContainText("410");
    await expect(dead.getByTestId("delivery-state")).toHaveText(/dead/);
    expect(gone.received.length).toBe(1);
    await shot(page, "webhooks");

    // The audit log records who did all this.
    await page.goto("/audit");
    await expect(page.locator('[data-testid="audit-row"][data-action="webhook.create"]').first()).toContainText("admin");
    await expect(page.locator('[data-testid="audit-row"][data-action="rollback.request"]').first()).toContainText(DEPLOYMENT);
    await shot(page, "audit");
  } finally {
    await ok.close();
    await gone.close();
  }
});

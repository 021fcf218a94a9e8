// Page objects: a UI change touches this file, not every spec.
import { expect, type Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}
  async signIn(username: string, password: string) {
    await expect(this.page.locator('[data-testid="signin-form"][data-ready="true"]')).toBeVisible();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

export class OverviewPage {
  constructor(private readonly page: Page) {}
  card(deployment: string) {
    return this.page.locator(`[data-testid="deployment-card"][data-deployment="${deployment.replace(/["\\]/g, "\\$&")}"]`);
  }
  async waitForDeployment(deployment: string) {
    await expect(async () => {
      await this.page.reload();
      await expect(this.card(deployment)).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
  }
}

export class DeploymentPage {
  constructor(private readonly page: Page) {}
  verdict() {
    return this.page.getByTestId("verdict");
  }
  table() {
    return this.page.getByTestId("comparison-table");
  }
  rows() {
    return this.page.getByTestId("slice-row");
  }
  row(value: string) {
    return this.page.locator(`[data-testid="slice-row"][data-value="${value}"]`);
  }
  async rowValues(): Promise<string[]> {
    return this.rows().evaluateAll((els) => els.map((e) => e.getAttribute("data-value") ?? ""));
  }
  async pickRange(range: string) {
    await this.page.getByTestId(`range-${range}`).click();
  }
  async pickDimension(dimension: string) {
    await this.page.getByTestId("dimension-select").selectOption(dimension);
  }
  async openSlice(value: string) {
    await this.row(value).getByTestId("slice-link").click();
  }
}

export class SlicePage {
  constructor(private readonly page: Page) {}
  title() {
    return this.page.getByTestId("slice-title");
  }
  disagreements() {
    return this.page.getByTestId("disagreement");
  }
}

export class PoliciesPage {
  constructor(private readonly page: Page) {}
  async open(deployment = "") {
    await this.page.goto(`/policies${deployment ? `?deployment=${encodeURIComponent(deployment)}` : ""}`);
  }
  activeVersion() {
    return this.page.getByTestId("active-version");
  }
  editor() {
    return this.page.getByTestId("policy-editor");
  }
  text() {
    return this.page.getByTestId("policy-text");
  }
  errors() {
    return this.page.getByTestId("policy-errors");
  }
  readonlyNotice() {
    return this.page.getByTestId("policy-readonly");
  }
  versions() {
    return this.page.getByTestId("policy-version");
  }
  diff() {
    return this.page.getByTestId("policy-diff");
  }
  diffChange(path: string) {
    return this.page.locator(`[data-testid="diff-change"][data-path="${path}"]`);
  }
  /** Replaces the first match of `find` in the editor text and saves with `reason`. */
  async editAndSave(find: string | RegExp, replace: string, reason: string) {
    await expect(this.editor()).toHaveAttribute("data-ready", "true");
    const current = await this.text().inputValue();
    const next = current.replace(find, replace);
    expect(next, "the edit must change the document").not.toBe(current);
    await this.text().fill(next);
    await this.page.getByTestId("policy-reason").fill(reason);
    await this.page.getByTestId("policy-save").click();
  }
  async compare(from: number, to: number) {
    await this.page.getByTestId("diff-from").selectOption(String(from));
    await this.page.getByTestId("diff-to").selectOption(String(to));
    await this.page.getByTestId("diff-show").click();
  }
}

export class IncidentsPage {
  constructor(private readonly page: Page) {}
  rows(deployment?: string, status?: "open" | "resolved") {
    let sel = '[data-testid="incident-row"]';
    if (deployment) sel += `[data-deployment="${deployment}"]`;
    if (status) sel += `[data-status="${status}"]`;
    return this.page.locator(sel);
  }
  /** Reloads /incidents until an incident matching the filter shows (the evaluator opens it within seconds). */
  async waitForIncident(deployment: string, status: "open" | "resolved" = "open", timeout = 60_000) {
    await expect(async () => {
      await this.page.goto("/incidents");
      await expect(this.rows(deployment, status).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout });
  }
  async openFirst(deployment: string, status: "open" | "resolved" = "open") {
    await this.rows(deployment, status).first().getByTestId("incident-link").click();
  }
}

export class IncidentPage {
  constructor(private readonly page: Page) {}
  status() {
    return this.page.getByTestId("incident-status");
  }
  evidence() {
    return this.page.getByTestId("evidence");
  }
  timeline() {
    return this.page.getByTestId("timeline");
  }
  /** The evidence at opening and the latest verdict's failing checks. */
  allEvidence() {
    return this.page.locator('[data-testid="evidence"], [data-testid="evidence-now"]');
  }
  anyEvidenceRow(cell: string) {
    return this.page.locator(`[data-testid="evidence-row"][data-cell="${cell}"]`).first();
  }
  worstCellLink() {
    return this.page.getByTestId("worst-cell-link");
  }
  acknowledged() {
    return this.page.getByTestId("acknowledged");
  }
  async acknowledge() {
    await this.page.getByTestId("acknowledge").click();
  }
}

export class WebhooksPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto("/webhooks");
  }
  endpoint(url: string) {
    return this.page.locator(`[data-testid="endpoint-row"][data-url="${url}"]`);
  }
  newSecret() {
    return this.page.getByTestId("new-secret");
  }
  async create(opts: { url: string; deployment?: string; allowPrivate?: boolean; events?: string[]; rate?: number }) {
    await expect(this.page.getByTestId("webhook-form")).toHaveAttribute("data-ready", "true");
    await this.page.getByTestId("webhook-url").fill(opts.url);
    if (opts.deployment !== undefined) await this.page.getByTestId("webhook-deployment").selectOption(opts.deployment);
    if (opts.rate !== undefined) await this.page.getByTestId("webhook-rate").fill(String(opts.rate));
    if (opts.events) {
      for (const ev of ["incident.opened", "incident.resolved", "rollback.requested", "test"]) {
        await this.page.getByTestId(`webhook-event-${ev}`).setChecked(opts.events.includes(ev));
      }
    }
    await this.page.getByTestId("webhook-allow-private").setChecked(Boolean(opts.allowPrivate));
    await this.page.getByTestId("webhook-create").click();
  }
  async sendTest(url: string) {
    await this.endpoint(url).getByTestId("webhook-test").click();
    await expect(this.endpoint(url).getByTestId("webhook-action-result")).toContainText("queued");
  }
  /** Delivery rows (dead ones carry data-testid="delivery-dead"). */
  deliveries(endpointUrl: string, event?: string) {
    const ev = event ? `[data-event="${event}"]` : "";
    return this.page.locator(`[data-testid="delivery-row"][data-endpoint="${endpointUrl}"]${ev}, [data-testid="delivery-dead"][data-endpoint="${endpointUrl}"]${ev}`);
  }
  /** Reloads until the endpoint's delivery for `event` reaches `state`. */
  async waitForDelivery(endpointUrl: string, event: string, state: "delivered" | "dead", timeout = 60_000) {
    await expect(async () => {
      await this.page.reload();
      await expect(this.deliveries(endpointUrl, event).first()).toHaveAttribute("data-state", state, { timeout: 2_000 });
    }).toPass({ timeout });
    return this.deliveries(endpointUrl, event).first();
  }
}

export class AccountPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByTestId("account-link").click();
    await expect(this.page).toHaveURL(/\/account$/);
  }
  error() {
    return this.page.getByTestId("password-error");
  }
  async changePassword(current: string, next: string, confirm = next) {
    await expect(this.page.getByTestId("password-form")).toHaveAttribute("data-ready", "true");
    await this.page.getByLabel("Current password").fill(current);
    await this.page.getByLabel("New password", { exact: true }).fill(next);
    await this.page.getByLabel("New password again").fill(confirm);
    await this.page.getByTestId("password-submit").click();
  }
}

/**
 * Content-Security-Policy violations in a page: the `securitypolicyviolation` events of every
 * document it loads, and Chromium's console lines ("Refused to …"). Create before the first goto.
 */
export class CspWatch {
  private readonly lines: string[] = [];
  private constructor(private readonly page: Page) {
    page.on("console", (m) => {
      if (/Refused to|Content Security Policy/i.test(m.text())) this.lines.push(m.text());
    });
  }
  static async on(page: Page): Promise<CspWatch> {
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}${e.sample ? `: ${e.sample}` : ""}`));
    });
    return new CspWatch(page);
  }
  /** Every violation so far (this document's events and all console lines). */
  async violations(): Promise<string[]> {
    const events = await this.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...events, ...this.lines];
  }
  async clear() {
    this.lines.length = 0;
    await this.page.evaluate(() => ((window as unknown as { __csp: string[] }).__csp = []));
  }
}

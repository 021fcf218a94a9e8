// Page object of the overview, problems first: cards in order, counts per status, the URL's
// filter, and a card's verdict line, incident link, stale marker and bounded slice list.
import { expect, type Locator, type Page } from "@playwright/test";

export const SEVERITY = ["fail", "marginal", "inconclusive", "insufficient_data", "pass"] as const;

const quoted = (s: string) => s.replace(/["\\]/g, "\\$&");

export class ProblemsOverview {
  constructor(private readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/${query}`);
  }
  cards() {
    return this.page.getByTestId("deployment-card");
  }
  card(deployment: string): ProblemsCard {
    return new ProblemsCard(this.page.locator(`[data-testid="deployment-card"][data-deployment="${quoted(deployment)}"]`));
  }
  /** The cards' deployments and statuses, in page order. */
  async order(): Promise<{ deployment: string; status: string }[]> {
    return this.cards().evaluateAll((els) => els.map((e) => ({ deployment: e.getAttribute("data-deployment") ?? "", status: e.getAttribute("data-status") ?? "" })));
  }
  countChip(status: (typeof SEVERITY)[number] | "all") {
    return this.page.locator(`[data-testid="status-count"][data-status="${status}"]`);
  }
  async count(status: (typeof SEVERITY)[number] | "all"): Promise<number> {
    return Number(await this.countChip(status).getAttribute("data-count"));
  }
  /** Fills and submits the filter form (a plain GET form). */
  async filter(o: { status?: string; q?: string }) {
    if (o.status !== undefined) await this.page.getByTestId("filter-status").selectOption(o.status);
    if (o.q !== undefined) await this.page.getByTestId("filter-q").fill(o.q);
    await this.page.getByTestId("filter-submit").click();
  }
  /** Reloads until the deployment's card shows (telemetry is aggregated within seconds). */
  async waitForCard(deployment: string, query = "", timeout = 60_000) {
    await expect(async () => {
      await this.open(query);
      await expect(this.card(deployment).root).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout });
  }
}

export class ProblemsCard {
  constructor(readonly root: Locator) {}
  verdict() {
    return this.root.getByTestId("verdict");
  }
  since() {
    return this.root.getByTestId("verdict-since");
  }
  worstSlice() {
    return this.root.getByTestId("worst-slice");
  }
  worstSliceLink() {
    return this.root.getByTestId("worst-slice-link");
  }
  worstMetric() {
    return this.root.getByTestId("worst-metric");
  }
  incidentLink() {
    return this.root.getByTestId("incident-link");
  }
  stale() {
    return this.root.getByTestId("stale");
  }
  staleArm(arm: string) {
    return this.root.locator(`[data-testid="stale-arm"][data-arm="${arm}"]`);
  }
  dimensions() {
    return this.root.getByTestId("slice-dimension");
  }
  dimension(name: string) {
    return this.root.locator(`[data-testid="slice-dimension"][data-dimension="${quoted(name)}"]`);
  }
  moreDimensions() {
    return this.root.getByTestId("more-dimensions");
  }
}

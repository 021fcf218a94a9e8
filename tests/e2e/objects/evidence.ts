// Page objects for the evidence of a slice page: checks with their disclosures, the table's cell
// evidence, term popovers, the docs page and the disagreement examples.
import { expect, type Locator, type Page } from "@playwright/test";

export class EvidencePage {
  constructor(private readonly page: Page) {}

  checks() {
    return this.page.getByTestId("checks");
  }
  check(metric: string): Locator {
    return this.page.locator(`[data-testid="check"][data-metric="${metric}"]`).first();
  }
  /** The disclosure's summary of a check (a focusable control). */
  toggle(metric: string): Locator {
    return this.check(metric).getByTestId("evidence-toggle");
  }
  panel(metric: string): Locator {
    return this.check(metric).getByTestId("evidence-panel");
  }
  tableToggle(metric: string): Locator {
    return this.page.locator(`[data-testid="slice-row"] td[data-metric="${metric}"]`).first().getByTestId("cell-evidence-toggle");
  }
  tableEvidence(): Locator {
    return this.page.getByTestId("evidence-row");
  }
  term(scope: Locator, term: string): Locator {
    return scope.locator(`[data-testid="term"][data-term="${term}"]`).first();
  }

  disagreements(): Locator {
    return this.page.getByTestId("disagreement");
  }
  pager(): Locator {
    return this.page.getByTestId("disagreement-pager").first();
  }
  async scoreDrops(): Promise<number[]> {
    return this.disagreements().evaluateAll((els) => els.map((e) => e.getAttribute("data-score-drop") ?? "").filter((s) => s !== "").map(Number));
  }
  async requestIds(): Promise<string[]> {
    return this.disagreements().evaluateAll((els) => els.map((e) => e.getAttribute("data-request-id") ?? ""));
  }
  async filterBy(label: string, threshold?: string) {
    const form = this.page.getByTestId("disagreement-filter");
    await form.getByTestId("disagreement-check").selectOption({ label });
    if (threshold !== undefined) await form.getByTestId("disagreement-threshold").fill(threshold);
    await form.getByTestId("disagreement-apply").click();
  }
  async total(): Promise<number> {
    await expect(this.pager()).toBeVisible();
    return Number(await this.pager().getAttribute("data-total"));
  }
}

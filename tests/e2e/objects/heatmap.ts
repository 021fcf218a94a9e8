// Page objects for the slice heatmap (deployment page) and a slice page's breakdown.
import { expect, type Locator, type Page } from "@playwright/test";

const q = (s: string) => s.replace(/["\\]/g, "\\$&");

/**
 * Clicks a link until the page shows its result: on a busy machine a client-side navigation can
 * be overtaken by the page's 10-second auto-refresh and never land, so a click is retried (a
 * condition, not a sleep).
 */
async function clickUntil(link: Locator, root: Locator, attribute: string, value: string) {
  await expect(async () => {
    if ((await root.getAttribute(attribute)) !== value) await link.click();
    await expect(root).toHaveAttribute(attribute, value, { timeout: 15_000 });
  }).toPass({ timeout: 90_000 });
}

export type Role = "pair" | "row-margin" | "col-margin" | "corner";

export class Heatmap {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByTestId("slice-heatmap");
  }
  /** A cell by its verdict cell (dimension '' = all traffic). */
  cell(dimension: string, value: string): Locator {
    return this.root().locator(`[data-testid="heatmap-cell"][data-dimension="${q(dimension)}"][data-value="${q(value)}"]`);
  }
  cells(role?: Role): Locator {
    return this.root().locator(`[data-testid="heatmap-cell"]${role ? `[data-role="${role}"]` : ""}`);
  }
  /** The verdict's worst cell, marked on the grid. */
  worst(): Locator {
    return this.root().locator('[data-testid="heatmap-cell"][data-worst="true"]');
  }
  corner(): Locator {
    return this.cells("corner");
  }
  link(cell: Locator): Locator {
    return cell.getByRole("link");
  }
  effect(cell: Locator): Locator {
    return cell.getByTestId("heatmap-effect");
  }
  async n(cell: Locator): Promise<number> {
    return Number(await cell.getAttribute("data-n"));
  }
  pairs(): Locator {
    return this.root().getByTestId("heatmap-pair");
  }
  async pickPair(pair: string) {
    await clickUntil(this.root().locator(`[data-testid="heatmap-pair"][data-pair="${q(pair)}"]`), this.root(), "data-pair", pair);
  }
  more() {
    return this.root().getByTestId("heatmap-more");
  }
  async rowValues(): Promise<string[]> {
    return this.root().getByTestId("heatmap-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-value") ?? ""));
  }
  async columnCount(): Promise<number> {
    return this.cells("col-margin").count();
  }
}

export class SliceBreakdown {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByTestId("slice-breakdown");
  }
  cells(): Locator {
    return this.root().getByTestId("breakdown-cell");
  }
  cell(byValue: string): Locator {
    return this.root().locator(`[data-testid="breakdown-cell"][data-by-value="${q(byValue)}"]`);
  }
  async pickBy(dimension: string) {
    await clickUntil(this.root().locator(`[data-testid="breakdown-option"][data-by="${q(dimension)}"]`), this.root(), "data-by", dimension);
  }
  parents(): Locator {
    return this.page.getByTestId("parent-cell");
  }
  disagreementsLink(): Locator {
    return this.page.getByTestId("disagreements-link");
  }
}

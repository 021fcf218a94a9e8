// Page objects: a UI change touches this file, not every spec.
import { expect, type Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}
  async signIn(username: string, password: string) {
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

export class OverviewPage {
  constructor(private readonly page: Page) {}
  card(deployment: string) {
    return this.page.locator(`[data-testid="deployment-card"][data-deployment="${deployment}"]`);
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

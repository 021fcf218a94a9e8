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

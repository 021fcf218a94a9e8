// Page object: a slice page's input drift against its reference (the calibration set, else the
// canary's first hour): the per-minute chart, the window histogram and the drift check.
import { expect, type Locator, type Page } from "@playwright/test";

export class DriftSection {
  constructor(private readonly page: Page) {}

  async open(deployment: string, dimension: string, value: string, range = "1h") {
    await this.page.goto(`/deployments/${encodeURIComponent(deployment)}/slices/${encodeURIComponent(dimension)}/${encodeURIComponent(value)}?range=${range}`);
  }

  /** The mean-per-minute chart of one feature. */
  chart(feature: string): Locator {
    return this.page.getByTestId("chart-drift").filter({ hasText: `mean ${feature} per minute` });
  }

  /** The window histogram of one feature. */
  histogram(feature: string): Locator {
    return this.page.getByTestId("chart-drift-hist").filter({ hasText: `Input ${feature}:` });
  }

  /** The drift check of one feature in the slice's checks list. */
  check(feature: string): Locator {
    return this.page.locator('[data-testid="check"][data-metric="drift_psi"]').filter({ hasText: `· ${feature}` });
  }

  /** Polls the verdict API until the cell's drift check of `feature` is in it (it says why not when the wait ends). */
  async waitForCheck(deployment: string, dimension: string, value: string, feature: string, timeout: number) {
    let seen = "";
    const poll = expect
      .poll(
        async () => {
          const res = await this.page.request.get(`/api/v1/deployments/${encodeURIComponent(deployment)}/verdict`);
          if (!res.ok()) return (seen = `verdict API ${res.status()}`), false;
          const v = (await res.json()) as { cells?: { dimension: string; value: string; checks: { metric: string; feature?: string; reason: { text: string } }[] }[] };
          const cell = v.cells?.find((c) => c.dimension === dimension && c.value === value);
          const whole = v.cells?.find((c) => c.dimension === "");
          const advisory = whole?.checks.filter((c) => c.metric.startsWith("memory_") || c.metric === "drift_psi").map((c) => c.reason.text).join(" | ");
          seen = `${cell ? cell.checks.filter((c) => c.metric === "drift_psi").map((c) => c.reason.text).join(" | ") || "no drift checks in the cell" : "no such cell"}; whole deployment's advisory checks: ${advisory || "none"}`;
          return cell?.checks.some((c) => c.metric === "drift_psi" && c.feature === feature) ?? false;
        },
        { timeout, intervals: [2_000] },
      )
      .toBe(true);
    await poll.catch((e: Error) => {
      throw new Error(`no drift check of ${feature} in ${dimension}=${value} (last seen: ${seen}): ${e.message}`);
    });
  }

  /** Both lines (canary and reference) drawn. */
  async expectTwoLines(feature: string) {
    const lines = this.chart(feature).locator("path.recharts-line-curve");
    await expect(lines).toHaveCount(2);
    for (const l of await lines.all()) await expect(l).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  }

  /** The bars of the histogram drawn. */
  async expectBars(feature: string) {
    await expect(this.histogram(feature).locator("svg .recharts-bar-rectangle").first()).toBeVisible();
  }

  /** PSI and its no-drift level, as the histogram's note states them. */
  async psi(feature: string): Promise<{ psi: number; level: number }> {
    const note = (await this.histogram(feature).textContent()) ?? "";
    const m = /PSI ([\d.]+) over these bins \(no-drift level ([\d.]+)\)/.exec(note);
    expect(m, `PSI in: ${note}`).not.toBeNull();
    return { psi: Number(m![1]), level: Number(m![2]) };
  }
}

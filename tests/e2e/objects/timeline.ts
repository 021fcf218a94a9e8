// Page object for the deployment page's verdict timeline and its chart section (issue 13).
import type { Locator, Page } from "@playwright/test";

export class TimelineCharts {
  constructor(private readonly page: Page) {}
  timeline(): Locator {
    return this.page.getByTestId("verdict-timeline");
  }
  segments(status?: string): Locator {
    return this.timeline().locator(status ? `[data-testid="timeline-segment"][data-status="${status}"]` : '[data-testid="timeline-segment"]');
  }
  markers(kind?: string): Locator {
    return this.timeline().locator(kind ? `[data-testid="timeline-marker"][data-kind="${kind}"]` : '[data-testid="timeline-marker"]');
  }
  /** The heading that names the cell the charts show (data-dimension, data-value). */
  chartCell(): Locator {
    return this.page.getByTestId("chart-cell");
  }
  showAllTraffic(): Promise<void> {
    return this.page.getByTestId("chart-cell-all").click();
  }
  showWorstCell(): Promise<void> {
    return this.page.getByTestId("chart-cell-worst").click();
  }
  chart(testId: string): Locator {
    return this.page.getByTestId(testId).first();
  }
  /** The chart ids in the order the page shows them. */
  async chartOrder(): Promise<string[]> {
    return ((await this.page.getByTestId("series").getAttribute("data-order")) ?? "").split(",");
  }
  /** The line series names a chart's legend shows. */
  legend(testId: string): Locator {
    return this.chart(testId).locator(".recharts-legend-wrapper, [class*='legend']").first();
  }
  /** The y axis tick labels of a chart as drawn. */
  async yTicks(testId: string): Promise<string[]> {
    return this.chart(testId).locator(".recharts-yAxis .recharts-cartesian-axis-tick-value").allTextContents();
  }
  async xTicks(testId: string): Promise<string[]> {
    return this.chart(testId).locator(".recharts-xAxis .recharts-cartesian-axis-tick-value").allTextContents();
  }
}

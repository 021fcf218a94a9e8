// Page objects for the polish spec: the time-zone switch and range inputs, the theme toggle, the
// one-arm page, the empty-window notice, and measuring how many lines a table cell takes.
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { E2E } from "../../../playwright.config";

export class HeaderBar {
  constructor(private readonly page: Page) {}
  clock() {
    return this.page.getByTestId("refreshed-clock");
  }
  zoneSwitch() {
    return this.page.getByTestId("tz-switch");
  }
  themeToggle() {
    return this.page.getByTestId("theme-toggle");
  }
  async switchZone(to: "UTC" | "local", zone: string) {
    await this.zoneSwitch().click();
    await expect(this.zoneSwitch()).toHaveAttribute("data-zone", to === "UTC" ? "UTC" : zone);
  }
  /** The body's computed background colour, 'rgb(r, g, b)'. */
  async background(): Promise<string> {
    return this.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  }
}

export class RangeInputs {
  constructor(private readonly page: Page) {}
  from() {
    return this.page.getByTestId("range-from");
  }
  to() {
    return this.page.getByTestId("range-to");
  }
  zone() {
    return this.page.getByTestId("range-zone");
  }
  async apply(from: string, to: string) {
    await this.from().fill(from);
    await this.to().fill(to);
    await this.page.getByTestId("range-apply").click();
  }
}

export class OneArmPage {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByTestId("one-arm");
  }
  received(signal: string) {
    return this.page.locator(`[data-testid="received-row"][data-signal="${signal}"]`);
  }
  async missing(): Promise<string[]> {
    return this.page.getByTestId("missing-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-missing") ?? ""));
  }
}

export class WindowNotice {
  constructor(private readonly page: Page) {}
  root() {
    return this.page.getByTestId("window-traffic");
  }
  lastSent(arm: "baseline" | "canary") {
    return this.page.getByTestId(`last-sent-${arm}`);
  }
  link() {
    return this.page.getByTestId("window-traffic-link");
  }
}

/** Inference spans for the given arms of a deployment, `agoMs` in the past, over OTLP/JSON with the e2e key. */
export async function sendSpans(request: APIRequestContext, deployment: string, arms: string[], count: number, agoMs = 0) {
  const end = BigInt(Date.now() - agoMs) * 1_000_000n;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const resourceSpans = arms.map((arm, a) => ({
    resource: { attributes: [{ key: "service.name", value: { stringValue: `${deployment}-${arm}` } }, { key: "quantlens.deployment", value: { stringValue: deployment } }, { key: "quantlens.arm", value: { stringValue: arm } }] },
    scopeSpans: [
      {
        spans: Array.from({ length: count }, (_, i) => ({
          traceId: hex(Date.now(), 16) + hex(a * 10_000 + i, 16),
          spanId: hex(a * 10_000 + i + 1, 16),
          name: "inference",
          startTimeUnixNano: String(end - BigInt(i) * 1_000_000_000n - 250_000_000n),
          endTimeUnixNano: String(end - BigInt(i) * 1_000_000_000n),
          attributes: [{ key: "quantlens.request.id", value: { stringValue: `${deployment}-${i}` } }],
        })),
      },
    ],
  }));
  const res = await request.post("/v1/traces", { headers: { Authorization: `Bearer ${E2E.key}` }, data: { resourceSpans } });
  expect(res.status(), await res.text()).toBe(200);
  expect(JSON.stringify(await res.json())).not.toMatch(/rejected[^0-9]*[1-9]/i);
}

/** How many text lines each cell of a table takes: line boxes of its content, by vertical overlap. */
export async function cellLines(table: Locator): Promise<{ text: string; lines: number }[]> {
  return table.locator("td, th").evaluateAll((cells) =>
    cells.map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
      let lines = 0;
      let bottom = -Infinity;
      for (const r of rects) {
        // A new line starts below the current one (badges and mixed sizes overlap within a line).
        if (r.top >= bottom - 2) {
          lines++;
          bottom = r.bottom;
        } else bottom = Math.max(bottom, r.bottom);
      }
      return { text: (cell.textContent ?? "").trim().slice(0, 60), lines };
    }),
  );
}

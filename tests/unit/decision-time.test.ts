import { describe, expect, it } from "vitest";
import { decisionTime, lastSentMs, STOPPED_AFTER_MS } from "@/lib/view/decision-time";
import { evidenceOf, reasonText } from "@/lib/view/evidence";
import { checkReason } from "@/lib/judgment/reason";
import type { CheckVerdict } from "@/lib/judgment/types";

const now = Date.parse("2026-12-01T12:00:30Z");

describe("decisionTime", () => {
  it("shows the ETA for a live range while some arm sent within the last 5 minutes", () => {
    expect(decisionTime("1h", now - 1000, now)).toEqual({ show: true });
    expect(decisionTime("15m", now - STOPPED_AFTER_MS, now)).toEqual({ show: true });
  });
  it("never for a closed range, even with traffic", () => {
    expect(decisionTime("custom", now, now)).toMatchObject({ show: false, why: "closed_range" });
  });
  it("never when traffic stopped or never came", () => {
    expect(decisionTime("1h", now - STOPPED_AFTER_MS - 1, now)).toMatchObject({ show: false, why: "traffic_stopped" });
    expect(decisionTime("24h", null, now)).toMatchObject({ show: false, why: "traffic_stopped" });
  });
});

describe("lastSentMs", () => {
  it("is the end of the newest arm's newest minute", () => {
    expect(lastSentMs([{ last_minute: "2026-12-01 11:50:00" }, { last_minute: "2026-12-01 11:58:00" }])).toBe(Date.parse("2026-12-01T11:59:00Z"));
    expect(lastSentMs([])).toBeNull();
    expect(lastSentMs([{ last_minute: "" }])).toBeNull();
  });
  it("together: an arm quiet since 11:54 has stopped at 12:00:30; one at 11:56 has not", () => {
    expect(decisionTime("1h", lastSentMs([{ last_minute: "2026-12-01 11:54:00" }]), now).show).toBe(false);
    expect(decisionTime("1h", lastSentMs([{ last_minute: "2026-12-01 11:56:00" }]), now).show).toBe(true);
  });
});

const facts = { metric: "task_score" as const, family: "paired" as const, n: 1234, estimate: 0.0123, upper: 0.05, theta: 0.02 };
const eta = { toward: "fail" as const, requests: 800, seconds: 240 };
const inconclusive: CheckVerdict = {
  check: 0,
  metric: "task_score",
  status: "inconclusive",
  failsDeployment: true,
  n: 1234,
  baseline: 0.8,
  canary: 0.79,
  degradation: { estimate: 0.0123, lower: -0.01, upper: 0.05 },
  allowed: 0.02,
  evidence: { anchored: { log: Math.log(3.2), logThreshold: Math.log(1e6) }, change: { log: Math.log(0.5), logThreshold: Math.log(2e7) } },
  eta,
  reason: checkReason({ ...facts, code: "inconclusive", eta }),
};

describe("evidenceOf", () => {
  it("lists interval, e-values, n, allowance and the ETA in the metric's units", () => {
    const v = evidenceOf(inconclusive, { show: true });
    expect(v.interval).toBe("[-1.00 pts, 5.00 pts]");
    expect(v.estimate).toBe("1.23 pts");
    expect(v.evalues).toEqual([
      { detector: "anchored", e: "3.20", threshold: "1.0e6", reached: false },
      { detector: "change", e: "0.500", threshold: "2.0e7", reached: false },
    ]);
    expect(v.n).toBe("1,234");
    expect(v.nUnit).toBe("shadow pairs");
    expect(v.allowance).toBe("≤ 2.00 pts");
    expect(v.eta).toBe("~800 more shadow pairs to fail, ~4 min at the current rate");
    expect(v.reason).toContain("~800 more pairs");
  });
  it("drops the ETA from the evidence and the reason when it must not show", () => {
    const closed = decisionTime("custom", now, now);
    const v = evidenceOf(inconclusive, closed);
    expect(v.eta).toBe("no time to a decision over a closed range");
    expect(v.reason).not.toMatch(/more pairs|current rate/);
    // the rest of the sentence is the persisted one, word for word
    expect(reasonText(inconclusive, closed)).toBe(`${inconclusive.reason.text.split(";")[0]}; no time to a decision over a closed range`);
  });
  it("memory in GiB, as the advisory text writes it", () => {
    const mem: CheckVerdict = { ...inconclusive, metric: "memory_peak", status: "pass", evidence: null, eta: undefined, degradation: { estimate: 2 ** 30, lower: 2 ** 30, upper: 2 ** 30 }, allowed: 3 * 2 ** 29 };
    const v = evidenceOf(mem, { show: true });
    expect(v.interval).toBeNull();
    expect(v.estimate).toBe("1.00 GiB");
    expect(v.allowance).toBe("+1.50 GiB");
    expect(v.eta).toBeNull();
  });
});

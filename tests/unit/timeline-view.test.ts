// The verdict timeline's model: segments merged and bounded, markers placed on the window.
import { describe, expect, it } from "vitest";
import { buildTimeline, timelineTicks } from "@/lib/view/timeline";

const M = 60_000;
const w = { from: 0, to: 60 * M };

describe("buildTimeline", () => {
  it("starts with the status before the window and merges consecutive equal statuses", () => {
    const t = buildTimeline({
      window: w,
      before: { status: "pass", since: -5 * M },
      changes: [
        { at: 30 * M, status: "fail" },
        { at: 10 * M, status: "marginal" },
        { at: 20 * M, status: "marginal" },
        { at: 45 * M, status: "fail" },
      ],
      events: [],
    });
    expect(t.segments.map((s) => [s.status, s.from / M, s.to / M])).toEqual([
      ["pass", 0, 10],
      ["marginal", 10, 30],
      ["fail", 30, 60],
    ]);
    const expected = [
      [0, 10 / 60],
      [10 / 60, 20 / 60],
      [30 / 60, 30 / 60],
    ];
    t.segments.forEach((s, i) => {
      expect(s.left).toBeCloseTo(expected[i][0], 12);
      expect(s.width).toBeCloseTo(expected[i][1], 12);
    });
    expect(t.current).toBe("fail");
    expect(t.since).toBe(30 * M);
    expect(t.truncated).toBe(false);
  });

  it("keeps the status in force since before the window as the current one", () => {
    const t = buildTimeline({ window: w, before: { status: "fail", since: -90 * M }, changes: [{ at: 5 * M, status: "fail" }], events: [] });
    expect(t.segments).toHaveLength(1);
    expect(t.since).toBe(-90 * M);
  });

  it("leaves the time before the first verdict empty, and ends the band at now", () => {
    const t = buildTimeline({ window: w, before: null, changes: [{ at: 20 * M, status: "inconclusive" }], events: [], now: 50 * M });
    expect(t.segments.map((s) => [s.status, s.left, s.width])).toEqual([["inconclusive", 20 / 60, 30 / 60]]);
  });

  it("starts a change whose status began before the window at the window's start", () => {
    const t = buildTimeline({ window: w, before: { status: "pass", since: -M }, changes: [{ at: -3 * M, status: "fail" }], events: [] });
    expect(t.segments.map((s) => s.status)).toEqual(["fail"]);
    expect(t.since).toBe(-3 * M);
  });

  it("replaces a status that lasted no time and drops zero-length segments", () => {
    const t = buildTimeline({ window: w, before: { status: "pass", since: 0 }, changes: [{ at: 0, status: "fail" }, { at: 60 * M, status: "pass" }], events: [] });
    expect(t.segments.map((s) => s.status)).toEqual(["fail"]);
  });

  it("bounds the segments: the oldest are dropped past the cap, and says so", () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({ at: (i * 60 * M) / 1000, status: i % 2 ? ("fail" as const) : ("pass" as const) }));
    const t = buildTimeline({ window: w, before: null, changes, events: [], maxSegments: 50 });
    expect(t.segments).toHaveLength(50);
    expect(t.truncated).toBe(true);
    expect(t.segments.at(-1)!.to).toBe(60 * M);
    expect(buildTimeline({ window: w, before: { status: "pass", since: 0 }, changes: [{ at: M, status: "fail" }], events: [], changesCapped: true }).segments.map((s) => s.status)).toEqual(["fail"]);
  });

  it("places markers in the window, oldest first, with time and what in the label", () => {
    const t = buildTimeline({
      window: { from: Date.UTC(2026, 0, 1, 10), to: Date.UTC(2026, 0, 1, 11) },
      before: null,
      changes: [],
      events: [
        { at: Date.UTC(2026, 0, 1, 10, 45), kind: "incident_resolved", what: "incident resolved", href: "/incidents/a" },
        { at: Date.UTC(2026, 0, 1, 10, 15, 30), kind: "incident_opened", what: "incident opened: fail", href: "/incidents/a" },
        { at: Date.UTC(2026, 0, 1, 9), kind: "policy_change", what: "too early" },
      ],
    });
    expect(t.markers.map((m) => [m.kind, m.left])).toEqual([
      ["incident_opened", 15.5 / 60],
      ["incident_resolved", 0.75],
    ]);
    expect(t.markers[0].label).toBe("10:15:30 UTC · incident opened: fail");
  });
});

describe("timelineTicks", () => {
  it("spans the window", () => {
    const ticks = timelineTicks({ from: Date.UTC(2026, 0, 1, 10), to: Date.UTC(2026, 0, 1, 11) }, 4);
    expect(ticks.map((t) => t.label)).toEqual(["10:00", "10:15", "10:30", "10:45", "11:00"]);
    expect(ticks.at(-1)!.left).toBe(1);
  });
});

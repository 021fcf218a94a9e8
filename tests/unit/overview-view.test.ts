// The overview's ordering, counts, URL filter, stale arms and card bounds (lib/view/overview).
import { describe, expect, it } from "vitest";
import type { Status } from "@/lib/judgment/types";
import {
  armFreshness,
  boundDimensions,
  cardView,
  clockText,
  durationText,
  filterHref,
  overviewView,
  parseFilter,
  sortCards,
  STALE_MINUTES,
  statusCounts,
  type CardInput,
} from "@/lib/view/overview";

const NOW = Date.parse("2026-12-01T15:00:00.000Z");
const min = 60_000;

function card(deployment: string, status: Status | null, sinceMinAgo = 10): CardInput {
  return {
    deployment,
    verdict:
      status === null
        ? null
        : { status, since: new Date(NOW - sinceMinAgo * min).toISOString(), evaluatedAt: new Date(NOW).toISOString(), reason: "r", policy: { name: "", version: 1 }, worst: null, failing: 0 },
    arms: [],
    dimensions: [],
    incident: null,
  };
}

describe("sortCards", () => {
  it("puts the worst status first: fail, marginal, inconclusive, insufficient data, pass", () => {
    const cards = [card("a-pass", "pass"), card("b-insufficient", "insufficient_data"), card("c-fail", "fail"), card("d-inconclusive", "inconclusive"), card("e-marginal", "marginal")];
    expect(sortCards(cards, NOW).map((c) => c.deployment)).toEqual(["c-fail", "e-marginal", "d-inconclusive", "b-insufficient", "a-pass"]);
  });

  it("within a status, the longest in it first, then by name", () => {
    const cards = [card("zeta", "fail", 5), card("beta", "fail", 90), card("alpha", "fail", 5), card("old-pass", "pass", 600)];
    expect(sortCards(cards, NOW).map((c) => c.deployment)).toEqual(["beta", "alpha", "zeta", "old-pass"]);
  });

  it("reads a deployment not judged yet as insufficient data that entered it now", () => {
    const cards = [card("new", null), card("judged", "insufficient_data", 30), card("ok", "pass")];
    expect(sortCards(cards, NOW).map((c) => c.deployment)).toEqual(["judged", "new", "ok"]);
  });

  it("does not reorder its input", () => {
    const cards = [card("p", "pass"), card("f", "fail")];
    sortCards(cards, NOW);
    expect(cards.map((c) => c.deployment)).toEqual(["p", "f"]);
  });
});

describe("counts and the filter", () => {
  const all = [card("chat-fail", "fail"), card("chat-pass", "pass"), card("search-pass", "pass"), card("search-new", null)];

  it("counts every status, zero included", () => {
    expect(statusCounts(all)).toEqual({ fail: 1, marginal: 0, inconclusive: 0, insufficient_data: 1, pass: 2 });
  });

  it("reads ?status= and ?q= from the URL, ignoring an unknown status and trimming the name", () => {
    expect(parseFilter({ status: "fail", q: "  chat " })).toEqual({ status: "fail", q: "chat" });
    expect(parseFilter({ status: "on-fire" })).toEqual({ status: null, q: "" });
    expect(parseFilter({ status: ["marginal", "fail"], q: ["a", "b"] })).toEqual({ status: "marginal", q: "a" });
    expect(parseFilter({ q: "x".repeat(1000) }).q).toHaveLength(128);
  });

  it("writes the filter back as a URL (round trip)", () => {
    expect(filterHref({ status: null, q: "" })).toBe("/");
    const href = filterHref({ status: "insufficient_data", q: "a&b=c" });
    expect(href).toBe("/?status=insufficient_data&q=a%26b%3Dc");
    expect(parseFilter(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual({ status: "insufficient_data", q: "a&b=c" });
  });

  it("filters by name (case-insensitive) and status; counts are over the name filter", () => {
    const v = overviewView(all, { status: "pass", q: "CHAT" }, NOW);
    expect(v.cards.map((c) => c.deployment)).toEqual(["chat-pass"]);
    expect(v.total).toBe(4);
    expect(v.matching).toBe(2);
    expect(v.counts).toMatchObject({ fail: 1, pass: 1, insufficient_data: 0 });
    expect(overviewView(all, { status: null, q: "" }, NOW).cards.map((c) => c.deployment)).toEqual(["chat-fail", "search-new", "chat-pass", "search-pass"]);
  });

  it("renders at most maxCards, worst first, and counts the rest", () => {
    const many = Array.from({ length: 10 }, (_, i) => card(`d${i}`, i === 7 ? "fail" : "pass"));
    const v = overviewView(many, { status: null, q: "" }, NOW, 3);
    expect(v.cards.map((c) => c.deployment)).toEqual(["d7", "d0", "d1"]);
    expect(v.hidden).toBe(7);
  });
});

describe("armFreshness", () => {
  const arm = (name: string, lastMinuteAgo: number) => ({
    arm: name,
    requests_5m: 0,
    requests_1h: 0,
    requests_total: 1,
    last_minute: new Date(NOW - lastMinuteAgo * min).toISOString().slice(0, 19).replace("T", " "),
  });

  it(`marks an arm stale once it has sent nothing for ${STALE_MINUTES} minutes after its last minute`, () => {
    // A minute's data may have been sent up to its end: the arm last sent at most 60 s after its start.
    const f = armFreshness([arm("baseline", STALE_MINUTES + 1), arm("canary", STALE_MINUTES)], NOW);
    expect(f).toEqual([
      { arm: "baseline", lastSent: NOW - (STALE_MINUTES + 1) * min, stale: true },
      { arm: "canary", lastSent: NOW - STALE_MINUTES * min, stale: false },
    ]);
  });

  it("takes another threshold, and reads an unreadable time as stale", () => {
    expect(armFreshness([arm("canary", 3)], NOW, 2)[0].stale).toBe(true);
    expect(armFreshness([{ ...arm("canary", 0), last_minute: "" }], NOW)[0].stale).toBe(true);
  });
});

describe("boundDimensions", () => {
  const dim = (i: number, values: number, folded = false) => ({
    dimension: `dim${String(i).padStart(2, "0")}`,
    values: Array.from({ length: Math.min(values, 5) }, (_, j) => `v${j}`),
    distinct: values,
    folded,
  });

  it("lists at most 8 dimensions and 5 values each, counting the rest", () => {
    const b = boundDimensions(Array.from({ length: 32 }, (_, i) => dim(i, 201, i === 0)));
    expect(b.shown).toHaveLength(8);
    expect(b.moreDimensions).toBe(24);
    expect(b.shown[0]).toEqual({ dimension: "dim00", values: ["v0", "v1", "v2", "v3", "v4"], moreValues: 196, folded: true });
    expect(b.shown[1].folded).toBe(false);
  });

  it("says nothing more when everything fits", () => {
    const b = boundDimensions([dim(0, 3)]);
    expect(b).toEqual({ shown: [{ dimension: "dim00", values: ["v0", "v1", "v2"], moreValues: 0, folded: false }], moreDimensions: 0 });
  });

  it("bounds values even when the input carries more than the limit", () => {
    const b = boundDimensions([{ dimension: "d", values: Array.from({ length: 50 }, (_, i) => `x${i}`), distinct: 50, folded: false }], 8, 5);
    expect(b.shown[0].values).toHaveLength(5);
    expect(b.shown[0].moreValues).toBe(45);
  });
});

describe("time texts", () => {
  it("says HH:MM UTC today and the date on another day", () => {
    expect(clockText(Date.parse("2026-12-01T09:05:59Z"), NOW)).toBe("09:05 UTC");
    expect(clockText(Date.parse("2026-11-30T23:59:00Z"), NOW)).toBe("2026-11-30 23:59 UTC");
    expect(clockText(NaN, NOW)).toBe("–");
    // In the viewer's zone: Berlin is UTC+1 in December, and the day boundary moves with it.
    expect(clockText(Date.parse("2026-12-01T09:05:59Z"), NOW, "Europe/Berlin")).toBe("10:05 CET");
    expect(clockText(Date.parse("2026-11-30T23:30:00Z"), NOW, "Europe/Berlin")).toBe("00:30 CET");
  });

  it("says durations in the largest two units", () => {
    expect(durationText(42_000)).toBe("42 s");
    expect(durationText(12 * min)).toBe("12 min");
    expect(durationText(185 * min)).toBe("3 h 5 min");
    expect(durationText(120 * min)).toBe("2 h");
    expect(durationText(52 * 60 * min)).toBe("2 d 4 h");
  });
});

describe("cardView", () => {
  it("formats a failing card: since when, the worst cell, the incident, stale arms; bounded", () => {
    const c: CardInput = {
      ...card("d", "fail", 135),
      arms: [
        { arm: "baseline", requests_5m: 0, requests_1h: 1234, requests_total: 56789, last_minute: "2026-12-01 14:40:00" },
        { arm: "canary", requests_5m: 9, requests_1h: 99, requests_total: 999, last_minute: "2026-12-01 14:59:00" },
      ],
      dimensions: Array.from({ length: 12 }, (_, i) => ({ dimension: `d${i}`, values: ["a", "b", "c", "d", "e", "f"], distinct: 6, folded: false })),
      incident: { id: "inc_1", openedAt: "2026-12-01 12:50:00.000", open: 1 },
    };
    c.verdict!.worst = { dimension: "language", value: "de", status: "fail", metric: "exact_match" };
    c.verdict!.reason = "x".repeat(5000);
    const v = cardView(c, "W4A16", NOW);
    expect(v.verdict?.sinceText).toBe("since 12:45 UTC · for 2 h 15 min");
    expect(v.incident).toEqual({ id: "inc_1", text: "incident open since 12:50 UTC", open: 1 });
    expect(v.arms.map((a) => [a.arm, a.stale, a.r1h, a.last, a.lastText])).toEqual([
      ["baseline", true, "1,234", "14:40 UTC", "baseline last sent 14:40 UTC (20 min ago)"],
      ["canary", false, "99", "14:59 UTC", ""],
    ]);
    expect(v.verdict?.reason).toHaveLength(240);
    expect(v.dimensions.shown).toHaveLength(8);
    expect(v.dimensions.shown[0].values).toHaveLength(5);
    expect(v.hasCanary).toBe(true);
    expect(v.dimensionCount).toBe(12);
  });

  it("keeps a passing card short: no slice list or reason, only the count and what was folded", () => {
    const c: CardInput = {
      ...card("ok", "pass"),
      dimensions: Array.from({ length: 12 }, (_, i) => ({ dimension: `d${i}`, values: ["a"], distinct: 201, folded: i === 3 })),
    };
    const v = cardView(c, "", NOW);
    expect(v.dimensions).toEqual({ shown: [], moreDimensions: 0 });
    expect(v.dimensionCount).toBe(12);
    expect(v.folded).toEqual(["d3"]);
    expect(v.verdict?.reason).toBe("");
  });

  it("reads a card with no verdict as insufficient data", () => {
    const v = cardView(card("new", null), "", NOW);
    expect(v.status).toBe("insufficient_data");
    expect(v.verdict).toBeNull();
    expect(v.hasCanary).toBe(false);
  });
});

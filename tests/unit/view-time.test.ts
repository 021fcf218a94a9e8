// lib/view/time.ts: labelled 24-hour times in UTC or a chosen zone, and range inputs read in that zone.
import { describe, expect, it } from "vitest";
import { ago, formatTime, instant, offsetMs, parseWallClock, urlInstant, wallClockText, zoneLabel, zoneOf } from "@/lib/view/time";

const WINTER = Date.UTC(2026, 11, 1, 19, 42, 31); // 2026-12-01 19:42:31 UTC
const SUMMER = Date.UTC(2026, 6, 1, 7, 5, 9);

describe("instant", () => {
  it("reads ClickHouse times as UTC, ISO with its zone, epoch ms and Dates", () => {
    expect(instant("2026-12-01 19:42:31.123")).toBe(WINTER + 123);
    expect(instant("2026-12-01 19:42:31")).toBe(WINTER);
    expect(instant("2026-12-01T20:42:31+01:00")).toBe(WINTER);
    expect(instant(WINTER)).toBe(WINTER);
    expect(instant(new Date(WINTER))).toBe(WINTER);
  });
  it("is null for nothing, garbage and ClickHouse's zero time", () => {
    for (const x of [null, undefined, "", "soon", "1970-01-01 00:00:00.000", 0]) expect(instant(x)).toBeNull();
  });
});

describe("formatTime", () => {
  it("is 24-hour and labelled, UTC by default", () => {
    expect(formatTime("2026-12-01 19:42:31.999")).toBe("2026-12-01 19:42:31 UTC");
    expect(formatTime(WINTER, "UTC", { date: false })).toBe("19:42:31 UTC");
    expect(formatTime(Date.UTC(2026, 0, 2, 0, 5, 0), "UTC", { seconds: false })).toBe("2026-01-02 00:05 UTC");
  });
  it("shows the chosen zone with its own label, daylight saving included", () => {
    expect(formatTime(WINTER, "Europe/Berlin", { date: false })).toBe("20:42:31 CET");
    expect(formatTime(SUMMER, "Europe/Berlin")).toBe("2026-07-01 09:05:09 CEST");
    expect(formatTime(WINTER, "America/New_York")).toBe("2026-12-01 14:42:31 EST");
    // Across midnight the date moves too.
    expect(formatTime(Date.UTC(2026, 11, 1, 23, 30), "Asia/Tokyo", { seconds: false })).toBe("2026-12-02 08:30 GMT+9");
  });
  it("labels zones without an English abbreviation by their offset", () => {
    expect(zoneLabel("Asia/Kathmandu", WINTER)).toMatch(/^GMT\+5:45$/);
  });
  it("says '–' for no time", () => {
    expect(formatTime(null, "Europe/Berlin")).toBe("–");
    expect(formatTime("1970-01-01 00:00:00.000")).toBe("–");
  });
});

describe("zoneOf", () => {
  it("keeps known zones and falls back to UTC", () => {
    expect(zoneOf("Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneOf("UTC")).toBe("UTC");
    for (const x of [undefined, "", "Mars/Olympus", "x".repeat(100)]) expect(zoneOf(x)).toBe("UTC");
  });
});

describe("range inputs", () => {
  it("round-trip through the zone's wall clock", () => {
    expect(wallClockText(WINTER, "UTC")).toBe("2026-12-01 19:42");
    expect(wallClockText(WINTER, "Europe/Berlin")).toBe("2026-12-01 20:42");
    expect(parseWallClock("2026-12-01 20:42", "Europe/Berlin")).toBe(Date.UTC(2026, 11, 1, 19, 42));
    expect(parseWallClock("2026-07-01T09:05", "Europe/Berlin")).toBe(Date.UTC(2026, 6, 1, 7, 5));
    expect(parseWallClock("2026-12-01 19:42", "UTC")).toBe(Date.UTC(2026, 11, 1, 19, 42));
    expect(parseWallClock("2026-12-01 14:42", "America/New_York")).toBe(Date.UTC(2026, 11, 1, 19, 42));
  });
  it("reads an hour that daylight saving skips as the hour after", () => {
    // 2026-03-29 02:30 does not exist in Berlin (clocks go 02:00 → 03:00).
    const t = parseWallClock("2026-03-29 02:30", "Europe/Berlin");
    expect(t).not.toBeNull();
    expect(formatTime(t, "Europe/Berlin", { seconds: false })).toBe("2026-03-29 03:30 CEST");
  });
  it("refuses what is not a time", () => {
    for (const x of ["", "12/01/2026 7:42 PM", "2026-13-01 10:00", "2026-02-31 10:00", "2026-12-01 24:00", "2026-12-01"]) expect(parseWallClock(x, "UTC")).toBeNull();
  });
  it("put UTC ISO in the URL", () => {
    expect(urlInstant(WINTER)).toBe("2026-12-01T19:42:00Z");
  });
});

describe("offsetMs and ago", () => {
  it("offsets", () => {
    expect(offsetMs(WINTER, "Europe/Berlin")).toBe(3_600_000);
    expect(offsetMs(SUMMER, "Europe/Berlin")).toBe(7_200_000);
    expect(offsetMs(WINTER, "UTC")).toBe(0);
  });
  it("ago", () => {
    expect(ago(WINTER - 5 * 60_000, WINTER)).toBe("5 min ago");
    expect(ago(WINTER - 125 * 60_000, WINTER)).toBe("2 h 5 min ago");
    expect(ago(WINTER - 3 * 86_400_000, WINTER)).toBe("3 d ago");
    expect(ago(null, WINTER)).toBe("never");
  });
});

import { describe, expect, it } from "vitest";
import { disagreementHref, disagreementQuery, MAX_PAGE } from "@/lib/view/disagreement-query";

describe("disagreementQuery", () => {
  it("defaults to every comparison, page 1", () => {
    expect(disagreementQuery({})).toEqual({ check: "all", x: 0, page: 1, offset: 0, limit: 20 });
  });
  it("reads the check, its threshold (default per check) and the page", () => {
    expect(disagreementQuery({ dcheck: "token" })).toMatchObject({ check: "token", x: 0.5 });
    expect(disagreementQuery({ dcheck: "kl", dx: "0.3", dpage: "3" })).toEqual({ check: "kl", x: 0.3, page: 3, offset: 40, limit: 20 });
    expect(disagreementQuery({ dcheck: "exact", dx: "7" })).toMatchObject({ check: "exact", x: 0 });
  });
  it("falls back to defaults for unusable values instead of failing the page", () => {
    expect(disagreementQuery({ dcheck: "drop table", dx: "abc", dpage: "-2" })).toEqual({ check: "all", x: 0, page: 1, offset: 0, limit: 20 });
    expect(disagreementQuery({ dcheck: "token", dx: "1e9" })).toMatchObject({ x: 0.5 });
    expect(disagreementQuery({ dpage: String(MAX_PAGE + 1) }).page).toBe(1);
    expect(disagreementQuery({ dpage: ["2", "5"] }).page).toBe(2);
  });
});

describe("disagreementHref", () => {
  it("changes the page, keeping the range and the filter", () => {
    expect(disagreementHref({ range: "1h", dcheck: "kl", dx: "0.3" }, { dpage: 2 })).toBe("?range=1h&dcheck=kl&dx=0.3&dpage=2");
    expect(disagreementHref({ range: "1h", dcheck: "kl", dpage: "3" }, { dpage: 1 })).toBe("?range=1h&dcheck=kl");
  });
  it("a new filter starts at page 1 with its default threshold", () => {
    expect(disagreementHref({ range: "6h", dcheck: "kl", dx: "0.3", dpage: "4" }, { dcheck: "token" })).toBe("?range=6h&dcheck=token");
    expect(disagreementHref({ dcheck: "kl", dx: "0.3" }, { dcheck: "all", dx: null })).toBe("?");
  });
});

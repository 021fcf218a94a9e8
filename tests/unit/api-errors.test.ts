// The one error mapping (mapError, used by every API route and, through errorMessage, every page),
// the cross-site checks of cookie-authenticated writes, the query-parameter checks, and the pure
// parts of proxy.ts (malformed addresses, the pages' Content-Security-Policy).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, cookieWriteRefusal, errorResponse, isDatabaseUnavailable, mapError } from "@/server/http/api-route";
import { fromOwnPage, hasMalformedPath } from "@/server/http/request-checks";
import { ValidationError } from "@/lib/errors";
import { parseLimit, parseTime, parseWindow } from "@/lib/time/window";
import { errorMessage } from "@/server/http/page-errors";
import { API_CSP, pageCsp } from "@/proxy";

/** What @clickhouse/client throws for a server's error answer (message = the engine's text). */
function engineError(code: number, text: string): Error {
  return Object.assign(new Error(text), { code: String(code), type: "BAD_QUERY_PARAMETER" });
}

let logged: unknown[][];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
});
afterEach(() => vi.restoreAllMocks());

describe("mapError", () => {
  it("a refusal for load keeps its Retry-After (the self-service password change's 429)", async () => {
    const r = errorResponse(new ApiError(429, "too many attempts; wait 4 s", undefined, { "retry-after": "4" }), "POST /api/v1/me/password");
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("4");
    expect((await r.json()).error).toBe("too many attempts; wait 4 s");
  });
  it("a caller's mistake: its status and our words, no error id, nothing logged", () => {
    const m = mapError(new ApiError(400, "from must be before to"), "GET /x");
    expect(m).toMatchObject({ status: 400, message: "from must be before to", headers: {} });
    expect(m.errorId).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it("an ApiError from another copy of the module (another Next.js bundle) is still one", () => {
    const foreign = Object.assign(new Error("no such incident"), { status: 404, [Symbol.for("quantlens.ApiError")]: true });
    expect(mapError(foreign, "GET /x")).toMatchObject({ status: 404, message: "no such incident" });
  });

  it("an engine error that is not an outage is our bug: 500, an error id, logged with the stack, no engine text out", () => {
    const err = engineError(457, "Code: 457. DB::Exception: Value 1-01-01 cannot be parsed as DateTime64(3, 'UTC') for query parameter 'from'");
    const m = mapError(err, "GET /api/v1/x");
    expect(m.status).toBe(500);
    expect(m.errorId).toMatch(/^err_[0-9a-f]{12}$/);
    expect(m.message).toContain(m.errorId);
    expect(m.message).not.toMatch(/DB::Exception|DateTime64|cannot be parsed|Code: 457/);
    expect(m.headers["retry-after"]).toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(String(logged[0][0])).toContain(`[error ${m.errorId}] GET /api/v1/x`);
    expect(logged[0][1]).toBe(err); // console.error prints its stack and causes
  });

  it("a TypeError of ours: 500 with an id, its text stays in the log", () => {
    const m = mapError(new TypeError("Cannot read properties of undefined (reading 'cells')"), "page");
    expect(m.status).toBe(500);
    expect(m.message).not.toContain("cells");
  });

  it("the database down, unreachable, locked or out of resources: 503 with Retry-After and an id", () => {
    const refused = Object.assign(new Error("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
    const locked = Object.assign(new Error("The embedded ClickHouse data directory /d is in use"), { name: "DataDirLockedError" });
    const memory = engineError(241, "Code: 241. DB::Exception: Memory limit (total) exceeded");
    const hangUp = new Error("socket hang up");
    for (const err of [refused, locked, memory, hangUp]) {
      expect(isDatabaseUnavailable(err), String(err)).toBe(true);
      const m = mapError(err, "GET /x");
      expect(m.status).toBe(503);
      expect(m.headers["retry-after"]).toBe("5");
      expect(m.errorId).toMatch(/^err_/);
      expect(m.message).not.toMatch(/ECONNREFUSED|Memory limit|hang up|\/d /);
    }
    expect(isDatabaseUnavailable(engineError(62, "Code: 62. DB::Exception: Syntax error"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is not a function"))).toBe(false);
  });

  it("malformed percent-encoding is a 400", () => {
    let err: unknown;
    try {
      decodeURIComponent("%FF");
    } catch (e) {
      err = e;
    }
    expect(mapError(err, "GET /x")).toMatchObject({ status: 400, message: expect.stringMatching(/percent-encoding/) });
  });

  it("errorResponse: the JSON body carries the id, never the engine's text", async () => {
    const res = errorResponse(engineError(60, "Code: 60. DB::Exception: Table quantlens.secret_table does not exist"), "GET /x");
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.errorId).toMatch(/^err_/);
    expect(JSON.stringify(body)).not.toMatch(/secret_table|DB::Exception/);
  });
});

describe("errorMessage (pages)", () => {
  it("shows our words as they are: API validation and the page window's own messages", () => {
    expect(errorMessage(new ApiError(404, "no telemetry for deployment \"x\""))).toBe('no telemetry for deployment "x"');
    expect(errorMessage(new ValidationError("from must be before to"))).toBe("from must be before to");
    expect(errorMessage(new ValidationError('from/to must be ISO times, epoch ms or like 90m; got "x / "'))).toMatch(/^from\/to must be/);
    expect(logged).toEqual([]);
  });
  it("never the engine's text: a generic sentence and the id that is in the log", () => {
    const text = errorMessage(engineError(457, "Code: 457. DB::Exception: Value 1-01-01 cannot be parsed"));
    expect(text).toMatch(/^Something went wrong on the server\. error id err_[0-9a-f]{12}$/);
    expect(String(logged[0][0])).toContain(text.slice(-16));
    const down = errorMessage(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }));
    expect(down).toMatch(/^The database \(ClickHouse\) is unavailable.*error id err_/);
    expect(down).not.toContain("ECONNREFUSED");
    // A plain Error that is not the page window's: not shown.
    expect(errorMessage(new Error("DB::Exception: from must be before to"))).toMatch(/^Something went wrong/);
  });
});

describe("cross-site checks of cookie-authenticated writes", () => {
  const ORIGIN = "http://localhost:3211";
  const req = (method: string, headers: Record<string, string> = {}, body?: string) =>
    new Request(`${ORIGIN}/api/v1/users`, { method, headers: { host: "localhost:3211", ...headers }, body });
  const json = { "content-type": "application/json" };
  beforeEach(() => vi.stubEnv("NEXTAUTH_URL", ORIGIN));
  afterEach(() => vi.unstubAllEnvs());

  it("reads are never checked", () => {
    expect(cookieWriteRefusal(req("GET", { "sec-fetch-site": "cross-site", origin: "http://evil.example" }))).toBeNull();
    expect(cookieWriteRefusal(req("HEAD", { "sec-fetch-site": "same-site" }))).toBeNull();
  });

  it("our own pages pass: Sec-Fetch-Site same-origin, or our Origin", () => {
    expect(cookieWriteRefusal(req("POST", { ...json, "sec-fetch-site": "same-origin", origin: ORIGIN }, "{}"))).toBeNull();
    expect(cookieWriteRefusal(req("DELETE", { origin: ORIGIN }))).toBeNull();
    expect(cookieWriteRefusal(req("PATCH", { "content-type": "application/json; charset=utf-8", origin: ORIGIN }, "{}"))).toBeNull();
    // Behind a proxy that keeps the Host: the Host header names us.
    vi.stubEnv("NEXTAUTH_URL", "https://quantlens.example.com");
    expect(fromOwnPage(req("POST", { origin: "http://localhost:3211" }))).toBe(true);
    expect(fromOwnPage(new Request("http://10.0.0.5:3000/x", { method: "POST", headers: { host: "10.0.0.5:3000", origin: "https://quantlens.example.com" } }))).toBe(true);
  });

  it("another port of the same host, another site, a sandboxed frame: 403", () => {
    const foreign: Record<string, string>[] = [{ "sec-fetch-site": "same-site", origin: "http://localhost:4000" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "none" }, { origin: "http://localhost:4000" }, { origin: "http://evil.example" }, { origin: "null" }, { origin: "not a url" }];
    for (const headers of foreign) {
      const refused = cookieWriteRefusal(req("POST", { ...json, ...headers }, "{}"));
      expect(refused?.status, JSON.stringify(headers)).toBe(403);
    }
    // Sec-Fetch-Site is the browser's own word: it wins over an Origin that looks like ours.
    expect(cookieWriteRefusal(req("PUT", { "sec-fetch-site": "same-site", origin: ORIGIN }))?.status).toBe(403);
  });

  it("a body must be application/json (text/plain, forms and multipart need no preflight)", () => {
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "application/json-patch+json"]) {
      expect(cookieWriteRefusal(req("POST", { origin: ORIGIN, "content-type": type }, '{"a":1}'))?.status, type).toBe(415);
    }
    // A body without a type (a script) is refused too; no body at all is fine.
    expect(cookieWriteRefusal(req("POST", { origin: ORIGIN, "content-length": "7" }))?.status).toBe(415);
    expect(cookieWriteRefusal(req("POST", { origin: ORIGIN }))).toBeNull();
    expect(cookieWriteRefusal(req("POST", { origin: ORIGIN, "content-length": "0" }))).toBeNull();
  });

  it("a script with the cookie and no browser headers is not a forged request (JSON still required)", () => {
    expect(cookieWriteRefusal(req("POST", json, "{}"))).toBeNull();
    expect(cookieWriteRefusal(req("POST", { "content-type": "text/plain" }, "{}"))?.status).toBe(415);
  });
});

describe("query parameters", () => {
  const now = Date.UTC(2026, 10, 22);
  it("times outside 1970..2299 are the caller's mistake, named", () => {
    expect(() => parseTime("from", "0001-01-01", now)).toThrow(/^from must be between 1970-01-01 and 2299-12-31/);
    expect(() => parseTime("at", "9999999999999999", now)).toThrow(/^at must be between/);
    expect(() => parseTime("to", "-5", now)).toThrow(/^to must be an ISO time/); // Date.parse: May 2001
    expect(() => parseTime("from", "yesterday", now)).toThrow(/^from must be an ISO time/);
    expect(() => parseWindow("0001-01-01", null, now)).toThrow(ValidationError);
    expect(parseTime("from", "2026-11-21T00:00:00Z", now)).toBe(Date.UTC(2026, 10, 21));
    expect(parseTime("from", "15m", now)).toBe(now - 15 * 60_000);
    expect(parseTime("from", "1970-01-01T00:00:00Z", now)).toBe(0);
  });
  it("?limit= is a whole number of at least 1; more than the maximum is cut to it", () => {
    for (const bad of ["-1", "0", "2.5", "1e3", "abc", " 5", "0x10"]) {
      let err: unknown;
      try {
        parseLimit("limit", bad, 100, 500);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ValidationError);
      expect(mapError(err, "GET /x").status).toBe(400);
      expect((err as ValidationError).message).toMatch(/^limit must be a whole number/);
    }
    expect(parseLimit("limit", null, 100, 500)).toBe(100);
    expect(parseLimit("limit", "7", 100, 500)).toBe(7);
    expect(parseLimit("limit", "100000000000", 100, 500)).toBe(500);
  });
});

describe("proxy", () => {
  it("malformed percent-encoding is found before routing", () => {
    expect(hasMalformedPath("http://x/api/v1/deployments/%FF/verdict")).toBe(true);
    expect(hasMalformedPath("http://x/deployments/%E0%A4%A")).toBe(true);
    expect(hasMalformedPath("http://x/deployments/%")).toBe(true);
    expect(hasMalformedPath("http://x/deployments/caf%C3%A9?from=%FF")).toBe(false); // the query is the route's to check
    expect(hasMalformedPath("http://x/deployments/chat-assistant")).toBe(false);
  });
  it("the pages' policy: nonce + strict-dynamic scripts, no inline script, style attributes only", () => {
    const csp = pageCsp("abcdefghijklmnopqrstuvwx");
    const d = new Map(csp.split("; ").map((x) => [x.split(" ")[0], x.split(" ").slice(1)]));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abcdefghijklmnopqrstuvwx'", "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'nonce-abcdefghijklmnopqrstuvwx'"]);
    expect(d.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    for (const [k, v] of [["object-src", "'none'"], ["base-uri", "'none'"], ["frame-ancestors", "'none'"], ["form-action", "'self'"], ["default-src", "'self'"]]) expect(d.get(k), k).toEqual([v]);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp("n", true)).toContain("upgrade-insecure-requests");
    expect(csp).not.toContain("unsafe-eval");
    expect(pageCsp("n", false, true)).toContain("'strict-dynamic' 'unsafe-eval'"); // next dev only
    expect(API_CSP).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
  });
});

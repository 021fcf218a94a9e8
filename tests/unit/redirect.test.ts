// Issue 11 item 10: only same-site paths after sign-in, in the form and in next-auth's redirect callback.
import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirect } from "@/lib/auth/redirect";

const BASE = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it("keeps same-site paths with their query and fragment", () => {
    for (const p of ["/", "/deployments/chat-assistant?range=1h&dimension=language", "/incidents/inc_1#timeline", "/deployments/a%5Cb", "/audit?target=x%20y"]) {
      expect(safeCallbackPath(p), p).toBe(p);
    }
  });

  it("refuses everything a browser would read as another host (the probe's cases first)", () => {
    const hostile = [
      "/\\localhost:47013/x", // /%5Clocalhost:47013/x once Next.js decoded the query
      "/\tlocalhost:47013/x",
      "/\t/localhost:47013/x",
      "\t//localhost:47013/x",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "//evil.example",
      "///evil.example",
      "/\\/evil.example",
      "/a\\b",
      "/%5Cevil.example", // decoded again: /\evil.example
      "/%2F/evil.example", // decoded again: //evil.example
      "/%09/evil.example", // decoded again: a tab
      "/ok\u2028",
      "/ok\u0000",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      " /x",
      "",
      "/%E0%A4%A", // undecodable
      `/${"a".repeat(3000)}`,
    ];
    for (const p of hostile) expect(safeCallbackPath(p), JSON.stringify(p)).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/x"])).toBe("/");
  });

  it("every accepted path resolves to the same origin, as the browser's URL parser reads it", () => {
    const pieces = ["/", "\\", "\t", "\n", "%2F", "%5C", "%09", "a", ".", ":", "@", "?", "#", " ", "%"];
    // All strings of up to 4 pieces: whatever is accepted must stay on the origin.
    const walk = (s: string, depth: number) => {
      const kept = safeCallbackPath(s, "");
      if (kept) {
        expect(new URL(kept, BASE).origin, JSON.stringify(s)).toBe(BASE);
        let decoded = kept;
        try {
          decoded = decodeURIComponent(kept);
        } catch {
          /* kept only if decodable */
        }
        expect(new URL(decoded, BASE).origin, JSON.stringify(s)).toBe(BASE);
      }
      if (depth < 4) for (const p of pieces) walk(s + p, depth + 1);
    };
    walk("", 0);
  });
});

describe("safeRedirect (next-auth's redirect callback)", () => {
  it("keeps same-site paths and same-origin URLs", () => {
    expect(safeRedirect({ url: "/deployments/x", baseUrl: BASE })).toBe(`${BASE}/deployments/x`);
    expect(safeRedirect({ url: `${BASE}/signin?changed=1`, baseUrl: BASE })).toBe(`${BASE}/signin?changed=1`);
    expect(safeRedirect({ url: "/", baseUrl: `${BASE}/` })).toBe(`${BASE}/`);
  });

  it("sends everything else to the base URL", () => {
    for (const url of ["/\\localhost:47013/x", "/\t/localhost:47013/x", "//evil.example/x", "http://evil.example/", `${BASE}//evil.example`, `${BASE}/\\evil.example`, "http://localhost:47013/x", "javascript:alert(1)", "nonsense"]) {
      const out = safeRedirect({ url, baseUrl: BASE });
      expect(out, JSON.stringify(url)).toBe(BASE);
    }
  });
});

// Access control, generated from the route tree: every page sends a signed-out visitor to
// sign-in, every API route answers 401 without credentials (for each method it exports), and
// OTLP ingest answers 401 without a key. A route added later without protection fails here.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const APP = path.join(__dirname, "..", "..", "app");
const PUBLIC_PAGES = new Set(["/signin"]);
const PUBLIC_API = [/^\/api\/auth(\/|$)/, /^\/api\/health$/];
const SAMPLE: Record<string, string> = { deployment: "chat-assistant", dimension: "language", value: "de", id: "inc_x" };
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name === "page.tsx" || e.name === "route.ts") out.push(p);
  }
  return out;
}

/** app/deployments/[deployment]/page.tsx → /deployments/chat-assistant (null for private folders). */
function urlOf(file: string): string | null {
  const segs = path.relative(APP, path.dirname(file)).split(path.sep).filter(Boolean);
  const out: string[] = [];
  for (const s of segs) {
    if (s.startsWith("_")) return null; // private folder: not a route
    if (s.startsWith("(") && s.endsWith(")")) continue; // route group
    const m = s.match(/^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/);
    out.push(m ? encodeURIComponent(SAMPLE[m[1]] ?? "x") : s);
  }
  return `/${out.join("/")}`;
}

const files = walk(APP);
const pages = files.filter((f) => f.endsWith("page.tsx")).map(urlOf).filter((u): u is string => u !== null && !PUBLIC_PAGES.has(u));
const routes = files
  .filter((f) => f.endsWith("route.ts"))
  .map((f) => ({ url: urlOf(f), source: fs.readFileSync(f, "utf8") }))
  .filter((r): r is { url: string; source: string } => r.url !== null && (r.url.startsWith("/api/") || r.url.startsWith("/v1/")) && !PUBLIC_API.some((re) => re.test(r.url!)))
  .map((r) => ({ url: r.url, methods: METHODS.filter((m) => new RegExp(`export\\s+(?:const\\s+${m}\\b|(?:async\\s+)?function\\s+${m}\\b|\\{[^}]*\\b${m}\\b[^}]*\\})`).test(r.source)) }));

test("the route tree was found", () => {
  expect(pages).toEqual(expect.arrayContaining(["/", "/deployments/chat-assistant", "/policies", "/incidents", "/incidents/inc_x", "/webhooks", "/audit"]));
  expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(["/api/v1/policies", "/api/v1/webhooks", "/v1/traces", "/v1/metrics", "/v1/logs"]));
  for (const r of routes) expect(r.methods.length, `${r.url} exports no HTTP method the test recognises`).toBeGreaterThan(0);
});

test("every page sends a signed-out visitor to sign-in", async ({ request }) => {
  for (const url of pages) {
    const res = await request.get(url, { maxRedirects: 0 });
    expect([302, 303, 307, 308], `${url} answered ${res.status()}`).toContain(res.status());
    const location = res.headers()["location"] ?? "";
    expect(new URL(location, "http://x").pathname, `${url} redirected to ${location}`).toBe("/signin");
  }
});

test("every API route answers 401 without credentials, for each method it exports", async ({ request }) => {
  for (const r of routes.filter((x) => x.url.startsWith("/api/"))) {
    for (const method of r.methods) {
      const res = await request.fetch(r.url, { method, maxRedirects: 0, ...(method === "GET" || method === "DELETE" ? {} : { data: {} }) });
      expect(res.status(), `${method} ${r.url}`).toBe(401);
    }
  }
});

test("OTLP ingest answers 401 without a key, and with a wrong key", async ({ request }) => {
  const otlp = routes.filter((x) => x.url.startsWith("/v1/"));
  expect(otlp.length).toBeGreaterThanOrEqual(3);
  for (const r of otlp) {
    for (const method of r.methods) {
      const anonymous = await request.fetch(r.url, { method, headers: { "content-type": "application/json" }, data: "{}", maxRedirects: 0 });
      expect(anonymous.status(), `${method} ${r.url}`).toBe(401);
      const wrong = await request.fetch(r.url, { method, headers: { "content-type": "application/json", authorization: `Bearer ql_wrongkey0000_${"x".repeat(43)}` }, data: "{}", maxRedirects: 0 });
      expect(wrong.status(), `${method} ${r.url} with a wrong key`).toBe(401);
    }
  }
});

// Runs before every page and /api route (not /v1/* OTLP ingest, not static assets):
// - refuses addresses with malformed percent-encoding (400; Next.js would answer a bare 500);
// - refuses cross-site POSTs to next-auth's own routes (its CSRF token is a cookie, and a page on
//   another port of the same host can set cookies for this host);
// - gives every page a Content-Security-Policy with a fresh nonce, which Next.js reads from the
//   request's header and puts on its scripts; API responses get a policy that allows nothing;
// - sends signed-out visitors of any page to sign-in. API routes check sessions and keys
//   themselves (server/http/api-route.ts).
// Headers for every response, static assets and ingest included, are in next.config.js.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { fromOwnPage, hasMalformedPath, MALFORMED_PATH_MESSAGE } from "@/server/http/request-checks";
import { config as appConfig } from "@/server/runtime/config";

const PUBLIC = ["/signin", "/api/auth", "/api/health"];

/**
 * The pages' policy. Scripts: only those carrying this response's nonce, and what they load
 * ('strict-dynamic': Next.js's chunk loader); 'self' counts only for browsers without CSP 3.
 * Styles: our stylesheets ('self') and nonce'd <style> elements, but style *attributes* are
 * allowed ('unsafe-inline' in style-src-attr only): Recharts and Tremor position and colour
 * chart elements with style attributes, and the server-rendered ones would be refused. A style
 * attribute cannot run script or read the page; injected <style> elements and stylesheets from
 * elsewhere (CSS-selector exfiltration) stay refused.
 */
export function pageCsp(nonce: string, https = false, dev = false): string {
  return [
    "default-src 'self'",
    // `next dev` only: React's development build evaluates code for its error overlay and stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** JSON and redirects: nothing to run, load or frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

function refuse(status: number, message: string, api: boolean): NextResponse {
  return api
    ? NextResponse.json({ error: message }, { status, headers: { "content-security-policy": API_CSP } })
    : new NextResponse(`${status === 400 ? "Bad request" : "Refused"}: ${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "content-security-policy": API_CSP } });
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const api = pathname.startsWith("/api/");
  if (hasMalformedPath(req.url)) return refuse(400, MALFORMED_PATH_MESSAGE, api);

  if (api) {
    // next-auth's sign-in, callback, sign-out and session POSTs. An identity provider's own
    // callback (a form_post from the provider's site) is cross-site by design and carries
    // next-auth's state check instead.
    const oauthCallback = pathname.startsWith("/api/auth/callback/") && pathname !== "/api/auth/callback/credentials";
    if (req.method === "POST" && pathname.startsWith("/api/auth/") && !oauthCallback && !fromOwnPage(req)) {
      return refuse(403, "cross-site request refused: sign in and out from this server's own pages", true);
    }
    const res = NextResponse.next();
    res.headers.set("content-security-policy", API_CSP);
    return res;
  }

  const cfg = appConfig();
  if (!PUBLIC.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    const token = await getToken({ req, secret: cfg.sessionSecret ?? undefined });
    if (!token) {
      const url = req.nextUrl.clone();
      url.pathname = "/signin";
      url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
      return NextResponse.redirect(url);
    }
  }

  const https = (cfg.siteUrl ?? "").startsWith("https:");
  const csp = pageCsp(nonce(), https, process.env.NODE_ENV === "development");
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  if (https) res.headers.set("strict-transport-security", "max-age=31536000");
  return res;
}

export const config = {
  // The icon (app/icon.svg) is public: the sign-in page shows it too, before any session.
  matcher: ["/((?!v1/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};

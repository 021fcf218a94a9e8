// Checks on a request's headers and address alone (and this server's own URL): shared by proxy.ts (before
// routing) and the API wrapper (server/http/api-route.ts).
import { config } from "@/server/runtime/config";

/**
 * Is this request from one of our own pages? Browsers say so with Sec-Fetch-Site (same-origin; a
 * page on another port of the same host is "same-site", and is refused) or, without it, with an
 * Origin equal to ours. A request with neither header is not from a browser (every browser that
 * sends cookies cross-site sends Origin on POST/PUT/PATCH/DELETE), so it cannot be a forged
 * cross-site request: curl, scripts and tests holding a session cookie keep working. The same
 * rule as Go's net/http CrossOriginProtection.
 */
export function fromOwnPage(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  if (origin === "null") return false; // sandboxed frames, data: URLs, cross-origin redirects
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  // The public origin (NEXTAUTH_URL), or the host the request was addressed to (a browser cannot
  // set Host or X-Forwarded-Host on a cross-origin request without a CORS preflight we never allow).
  const publicUrl = config().siteUrl;
  if (publicUrl) {
    try {
      if (new URL(publicUrl).origin === o.origin) return true;
    } catch {
      /* a malformed NEXTAUTH_URL: compare with the Host header only */
    }
  }
  const hosts = [req.headers.get("x-forwarded-host"), req.headers.get("host")].filter((h): h is string => Boolean(h));
  return hosts.some((h) => h.split(",")[0].trim().toLowerCase() === o.host);
}

export const MALFORMED_PATH_MESSAGE = "the address has malformed percent-encoding (each % must start two hex digits, together valid UTF-8)";

/** A path Next.js cannot decode into route parameters (it would answer a bare 500), e.g. /deployments/%FF. */
export function hasMalformedPath(url: string): boolean {
  const { pathname } = new URL(url);
  if (!pathname.includes("%")) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

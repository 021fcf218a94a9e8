// Where a browser may be sent after signing in (or out): only paths on this site. An open
// redirect after sign-in is a phishing aid, and browsers are generous about what they read as
// "another host": `//evil`, `/\evil` (a backslash counts as a slash), `/<TAB>/evil` (tabs and
// newlines are dropped from URLs) all leave the site.

const MAX_LENGTH = 2048;
// C0 controls, DEL and the C1 controls; also the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const PROBE_ORIGIN = "http://quantlens.invalid";

function safeText(path: string, anyBackslash: boolean): boolean {
  if (path.length === 0 || path.length > MAX_LENGTH) return false;
  if (path[0] !== "/") return false;
  if (path[1] === "/" || path[1] === "\\") return false;
  if ((anyBackslash && path.includes("\\")) || CONTROL.test(path)) return false;
  // The browser's own reading: resolved against any origin, it must stay on that origin.
  try {
    const u = new URL(path, PROBE_ORIGIN);
    if (u.origin !== PROBE_ORIGIN) return false;
  } catch {
    return false;
  }
  return true;
}

/**
 * `path` when it is a same-site path: one leading "/" not followed by "/" or "\", no backslash,
 * no control character (tab, newline, …); once percent-decoded, still one leading "/" not followed
 * by "/" or "\" and no control character. Otherwise `fallback`.
 */
export function safeCallbackPath(path: unknown, fallback = "/"): string {
  if (typeof path !== "string" || !safeText(path, true)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  // Decoded once more (a second decoding by some router must not make it unsafe either); an
  // encoded backslash inside a path (a deployment named a\b) is fine, at its start it is not.
  return decoded === path || safeText(decoded, false) ? path : fallback;
}

/**
 * next-auth's redirect callback: relative paths pass `safeCallbackPath`; absolute URLs must be on
 * `baseUrl`'s origin and their path must pass too. Anything else goes to `baseUrl`.
 */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (url.startsWith("/")) {
    const path = safeCallbackPath(url, "");
    return path ? `${base}${path}` : base;
  }
  try {
    const u = new URL(url);
    if (u.origin !== new URL(baseUrl).origin) return base;
    // The path as the URL parser normalised it: WHATWG parsing already removed tabs and read
    // backslashes as slashes, so check the original text's path part too.
    const rest = url.slice(u.origin.length) || "/";
    const path = safeCallbackPath(rest, "");
    return path ? `${u.origin}${path}` : base;
  } catch {
    return base;
  }
}

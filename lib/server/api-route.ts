// The one wrapper for /api/v1 routes: a dashboard session or a scoped key, cross-site checks for
// cookie-authenticated writes, then the handler, with every error mapped to a status code and a
// message in ONE place (mapError, also used by the pages through lib/ui/params.ts errorMessage).
import crypto from "node:crypto";
import { roleCan, type Permission } from "@/lib/auth/roles";
import type { Scope } from "@/lib/auth/keys";
import { currentUser } from "./auth";
import { fromOwnPage, MALFORMED_PATH_MESSAGE } from "./request-checks";
import { runtime } from "./runtime";

// Matched by brand, not only by `instanceof`: Next.js bundles can hold two copies of this module
// (route handlers and server components), and an ApiError from one fails `instanceof` in the other.
const BRAND = Symbol.for("quantlens.ApiError");

/** An error whose status and message are meant for the caller (our own words, never engine text). */
export class ApiError extends Error {
  readonly [BRAND] = true;
  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
    /** Headers for the answer, e.g. Retry-After on a 429. */
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}

export interface Caller {
  actor: string;
  via: "session" | "key";
  can(p: Permission): boolean;
}

const SCOPE_FOR: Record<Permission, Scope | null> = { read: "read", operate: "operate", admin: null };

type Handler<P> = (ctx: { req: Request; params: P; caller: Caller; url: URL }) => Promise<Response | unknown>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The cross-site request forgery checks for a write authenticated by the session cookie (the
 * cookie is SameSite=Lax, which a page on another port of the same host gets past): it must come
 * from our own page, and a body must be application/json (a form or a no-cors fetch can send
 * text/plain, urlencoded or multipart cross-origin without a preflight, never application/json).
 * Key-authenticated requests are not checked: a browser cannot attach an Authorization header
 * cross-origin.
 */
export function cookieWriteRefusal(req: Request): ApiError | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (!fromOwnPage(req)) {
    return new ApiError(403, "cross-site request refused: writes with a session cookie must come from this server's own pages (send Authorization: Bearer <key> from scripts)");
  }
  const type = req.headers.get("content-type");
  const length = req.headers.get("content-length");
  const hasBody = type !== null || (length !== null && length.trim() !== "0") || req.headers.has("transfer-encoding");
  if (hasBody && !/^application\/json\s*(;|$)/i.test(type ?? "")) {
    return new ApiError(415, "the body must be sent as Content-Type: application/json");
  }
  return null;
}

// ---- Errors: the one mapping ----------------------------------------------------------------

/** Node and undici network error codes: the database (or the way to it) is not answering. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED"]);
/** ClickHouse error codes that mean "down, overloaded or out of space, retry later", not "bad query". */
const UNAVAILABLE_CODES = new Set([75, 159, 164, 202, 209, 210, 241, 242, 243, 252, 279, 999]);
const UNAVAILABLE_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|Timeout error|timed out|database is unavailable|Cannot lock file|fetch failed/i;

/** The error and its causes, nearest first (bounded: cause chains can be cyclic). */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err, i = 0; e !== undefined && e !== null && i < 6; e = (e as { cause?: unknown }).cause, i++) out.push(e);
  return out;
}

/** The database is down, unreachable, locked by another process, out of memory or disk. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return chain(err).some((e) => {
    if (typeof e !== "object") return UNAVAILABLE_TEXT.test(String(e));
    const x = e as { name?: unknown; code?: unknown; clickhouseCode?: unknown; message?: unknown };
    if (x.name === "DataDirLockedError") return true;
    if (typeof x.code === "string" && NETWORK_CODES.has(x.code)) return true;
    const chCode = Number(x.clickhouseCode ?? (typeof x.code === "string" && /^\d+$/.test(x.code) ? x.code : NaN));
    if (UNAVAILABLE_CODES.has(chCode)) return true;
    return typeof x.message === "string" && UNAVAILABLE_TEXT.test(x.message);
  });
}

function oneLine(err: unknown): string {
  return chain(err)
    .map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split("\n")[0])
    .join(" <- ")
    .slice(0, 500);
}

export interface MappedError {
  status: number;
  /** Safe to show: our own words, never the engine's text or a stack. */
  message: string;
  /** Set for 5xx: the id under which the error is in the server log. */
  errorId?: string;
  details?: unknown;
  headers: Record<string, string>;
}

export const newErrorId = () => `err_${crypto.randomBytes(6).toString("hex")}`;

/**
 * Every error of an API route or a page, mapped once: a caller's mistake is a 400-class answer in
 * our words (naming the parameter, not logged); the database being down is a 503 with
 * Retry-After; anything else is our bug, a 500. Both 5xx are logged under an error id (a 500 with
 * its stack and causes, a 503 in one line), and only the id reaches the caller.
 */
export function mapError(err: unknown, where: string): MappedError {
  if (isApiError(err) && err.status < 500) return { status: err.status, message: err.message, details: err.details, headers: { ...(err.headers ?? {}) } };
  // Next.js decodes route parameters with decodeURIComponent; the proxy refuses malformed ones first.
  if (err instanceof URIError || (err as Error)?.name === "URIError") {
    return { status: 400, message: MALFORMED_PATH_MESSAGE, headers: {} };
  }
  const errorId = newErrorId();
  if (isApiError(err)) {
    console.error(`[error ${errorId}] ${where}:`, err);
    return { status: err.status, message: `${err.message} (error id ${errorId})`, errorId, headers: err.status === 503 ? { "retry-after": "5" } : {} };
  }
  if (isDatabaseUnavailable(err)) {
    // One line, no stack: while the database is down every page refresh lands here.
    console.error(`[error ${errorId}] ${where}: the database is unavailable: ${oneLine(err)}`);
    return { status: 503, message: `the database is unavailable; retry later (error id ${errorId})`, errorId, headers: { "retry-after": "5" } };
  }
  console.error(`[error ${errorId}] ${where}: internal error:`, err);
  return { status: 500, message: `internal error; the server log has the details under error id ${errorId}`, errorId, headers: {} };
}

export function errorResponse(err: unknown, where: string): Response {
  const m = mapError(err, where);
  return Response.json({ error: m.message, ...(m.errorId ? { errorId: m.errorId } : {}), ...(m.details !== undefined ? { details: m.details } : {}) }, { status: m.status, headers: m.headers });
}

export function apiRoute<P = Record<string, string>>(permission: Permission, handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const rt = await runtime();
      let caller: Caller | null = null;
      const auth = req.headers.get("authorization");
      if (auth) {
        const key = await rt.keys.authenticate(auth);
        if (!key) throw new ApiError(401, "invalid or revoked API key");
        caller = {
          actor: `key:${key.name}`,
          via: "key",
          can: (p) => {
            const s = SCOPE_FOR[p];
            return s !== null && key.scopes.includes(s);
          },
        };
      } else {
        const user = await currentUser();
        if (user) {
          const refused = cookieWriteRefusal(req);
          if (refused) throw refused;
          caller = { actor: user.name, via: "session", can: (p) => roleCan(user.role, p) };
        }
      }
      if (!caller) throw new ApiError(401, "sign in, or send Authorization: Bearer <key>");
      if (!caller.can(permission)) {
        throw new ApiError(403, `this needs the ${permission} ${caller.via === "key" ? "scope" : "permission"}`);
      }
      const result = await handler({ req, params: await ctx.params, caller, url: new URL(req.url) });
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

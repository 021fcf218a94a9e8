// The one wrapper for /api/v1 routes: a dashboard session or a scoped key, cross-site checks for
// cookie-authenticated writes, input parsed by the route's zod schemas, then the handler, with
// every error mapped to a status code and a message in ONE place (mapError, also used by the
// pages through server/http/page-errors.ts).
import crypto from "node:crypto";
import type { z } from "zod";
import { roleCan, type Permission } from "@/lib/auth/roles";
import type { Scope } from "@/lib/auth/keys";
import { isDomainError, ValidationError, type ErrorKind, type RateLimitedError } from "@/lib/errors";
import { runtime } from "@/server/runtime/runtime";
import { currentUser } from "./auth";
import { fromOwnPage, MALFORMED_PATH_MESSAGE } from "./request-checks";

// Matched by brand, not only by `instanceof` (see lib/errors.ts: two bundles, two copies).
const BRAND = Symbol.for("quantlens.ApiError");

/** An HTTP-level refusal of the wrapper's own (401, 403, 415): services throw lib/errors.ts kinds. */
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

/** The status code of each kind of domain error (lib/errors.ts): decided here alone. */
const STATUS_OF: Record<ErrorKind, number> = { invalid: 400, refused: 403, not_found: 404, conflict: 409, invalid_document: 422, rate_limited: 429, unavailable: 503 };

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
  if (isDomainError(err) && err.kind !== "unavailable") {
    const headers: Record<string, string> = err.kind === "rate_limited" ? { "retry-after": String(Math.max(1, Math.ceil((err as RateLimitedError).retryAfterSeconds))) } : {};
    return { status: STATUS_OF[err.kind], message: err.message, details: err.details, headers };
  }
  // Next.js decodes route parameters with decodeURIComponent; the proxy refuses malformed ones first.
  if (err instanceof URIError || (err as Error)?.name === "URIError") {
    return { status: 400, message: MALFORMED_PATH_MESSAGE, headers: {} };
  }
  const errorId = newErrorId();
  if (isApiError(err)) {
    console.error(`[error ${errorId}] ${where}:`, err);
    return { status: err.status, message: `${err.message} (error id ${errorId})`, errorId, headers: err.status === 503 ? { "retry-after": "5" } : {} };
  }
  if (isDatabaseUnavailable(err) || (isDomainError(err) && err.kind === "unavailable")) {
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

/** A route's contract: who may call it, and the zod schemas of its input. */
export interface RouteSpec<Q, B> {
  permission: Permission;
  /** The query string, as an object of its first values. */
  query?: z.ZodType<Q>;
  /** The JSON body. `optionalBody`: an empty body is parsed as {}. */
  body?: z.ZodType<B>;
  optionalBody?: boolean;
  /** A body that is not JSON is read as {} (for callers that may post anything, e.g. a rollback button). */
  lenientBody?: boolean;
  /** Only a signed-in user may call it (not a key): the refusal's words. */
  sessionOnly?: string;
}

export interface RouteInput<P, Q, B> {
  req: Request;
  params: P;
  query: Q;
  body: B;
  caller: Caller;
}

/** The first problem of a failed parse in our words (the schemas' own messages), and all of them. */
function invalid(error: z.ZodError): ValidationError {
  const errors = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new ValidationError(errors[0]?.message ?? "invalid input", { errors });
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/** Each query parameter's first value (as URLSearchParams.get reads it). */
function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

async function readBody<Q, B>(req: Request, spec: RouteSpec<Q, B>): Promise<unknown> {
  const text = await req.text();
  if (spec.optionalBody && text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    if (spec.lenientBody) return {};
    throw new ValidationError("body must be JSON");
  }
}

async function authenticate(req: Request): Promise<Caller> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const key = await (await runtime()).keys.authenticate(auth);
    if (!key) throw new ApiError(401, "invalid or revoked API key");
    return {
      actor: `key:${key.name}`,
      via: "key",
      can: (p) => {
        const s = SCOPE_FOR[p];
        return s !== null && key.scopes.includes(s);
      },
    };
  }
  const user = await currentUser();
  if (!user) throw new ApiError(401, "sign in, or send Authorization: Bearer <key>");
  const refused = cookieWriteRefusal(req);
  if (refused) throw refused;
  return { actor: user.name, via: "session", can: (p) => roleCan(user.role, p) };
}

/**
 * An /api/v1 route: authenticate, authorize, parse the query and body by the spec's schemas
 * (only after authorization: an anonymous caller learns nothing about the input), run the handler.
 */
export function apiRoute<P = Record<string, string>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<Q, B>, handler: (input: RouteInput<P, Q, B>) => Promise<Response | unknown>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await authenticate(req);
      if (!caller.can(spec.permission)) {
        throw new ApiError(403, `this needs the ${spec.permission} ${caller.via === "key" ? "scope" : "permission"}`);
      }
      if (spec.sessionOnly && caller.via !== "session") throw new ApiError(403, spec.sessionOnly);
      const url = new URL(req.url);
      const query = spec.query ? parsed(spec.query, firstValues(url.searchParams)) : ({} as Q);
      const body = spec.body ? parsed(spec.body, await readBody(req, spec)) : (undefined as B);
      const result = await handler({ req, params: await ctx.params, query, body, caller });
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

// Domain errors: what went wrong, in our own words, as a kind. Services throw them; the one HTTP
// wrapper (server/http/api-route.ts) alone maps a kind to a status code, and the CLI prints the
// message. Never the engine's text.
//
// Matched by a brand, not only by `instanceof`: Next.js bundles the instrumentation hook and the
// route handlers separately, so an error thrown by a process-wide object (made in one bundle)
// fails `instanceof` against the other bundle's copy of this class.
const BRAND = Symbol.for("quantlens.DomainError");

export type ErrorKind = "invalid" | "invalid_document" | "not_found" | "conflict" | "refused" | "rate_limited" | "unavailable";

export class DomainError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Structured facts for the caller, e.g. every validation error's path. */
    readonly details?: unknown,
    /** Which rule refused, for callers that act on it (e.g. "last-admin"); the kind says the class. */
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller's input is wrong (400). */
export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown, code?: string) {
    super("invalid", message, details, code);
  }
}

/** A document (a policy) parsed but broke its schema: every error with its path (422). */
export class InvalidDocumentError extends DomainError {
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[],
  ) {
    super("invalid_document", message, { errors });
  }
}

/** What the caller named does not exist (404). */
export class NotFoundError extends DomainError {
  constructor(message: string, code?: string) {
    super("not_found", message, undefined, code);
  }
}

/** The request contradicts the current state: already done, exists, the last admin (409). */
export class ConflictError extends DomainError {
  constructor(message: string, code?: string) {
    super("conflict", message, undefined, code);
  }
}

/** The caller may not do this, e.g. the current password was wrong (403). */
export class RefusedError extends DomainError {
  constructor(message: string, code?: string) {
    super("refused", message, undefined, code);
  }
}

/** Too many attempts: retry after the given seconds (429). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message);
  }
}

/** A dependency (the database) is down or out of resources: retry later (503). */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}

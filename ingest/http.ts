// OTLP/HTTP for one signal: body limits, gzip, content types, auth, and OTLP responses.
// Works on the standard Request/Response, so Next.js routes and tests share it.
import crypto from "node:crypto";
import zlib from "node:zlib";
import { promisify } from "node:util";
import { decodeRequest } from "./otlp/decode";
import { encodeResponse } from "./otlp/encode-response";
import { DecodeError, type Signal } from "./otlp/types";
import type { IngestPipeline } from "./pipeline";
import { isOverloaded, isWriteFailed, isWriteRejected } from "./writer";
import type { Admission } from "./admission";

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

export interface OtlpDeps {
  pipeline: IngestPipeline;
  /** True when the Authorization header holds a key with the ingest scope; a wait when it is over its rate. */
  authorize(authorization: string | null): Promise<boolean | { retryAfterSeconds: number }>;
  /** Max bytes on the wire and after decompression. */
  maxBodyBytes: number;
  /** Refuses work the process could not finish in time (429 with Retry-After). */
  admission: Admission;
}

type Encoding = "protobuf" | "json";

class HttpError extends Error {
  constructor(public readonly status: number, message: string, public readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

function contentTypeOf(header: string | null): Encoding {
  const type = (header ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  throw new HttpError(415, `unsupported Content-Type ${JSON.stringify(header ?? "")}; send application/x-protobuf or application/json`);
}

function declaredLength(req: Request, limit: number): number | null {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > limit) throw new HttpError(413, `body of ${declared} bytes exceeds the ${limit}-byte limit`);
  return Number.isFinite(declared) && declared >= 0 ? declared : null;
}

function admit(admission: Admission, bytes: number): () => void {
  const a = admission.admit(bytes);
  if (!a.ok) throw new HttpError(429, `ingest is over capacity (${a.reason}); retry later`, { "retry-after": String(a.retryAfterSeconds) });
  return a.done;
}

async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(413, `body exceeds the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function decompress(body: Uint8Array, encoding: string | null, limit: number): Promise<Uint8Array> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc === "identity" || enc === "") return body;
  if (enc !== "gzip" && enc !== "deflate") throw new HttpError(415, `unsupported Content-Encoding ${JSON.stringify(encoding)}; use gzip or none`);
  try {
    // maxOutputLength stops a gzip bomb before it is inflated in memory.
    return await (enc === "gzip" ? gunzip : inflate)(body, { maxOutputLength: limit });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
      throw new HttpError(413, `decompressed body exceeds the ${limit}-byte limit`);
    }
    throw new HttpError(400, `body is not valid ${enc}: ${(err as Error).message}`);
  }
}

function status(encoding: Encoding, signal: Signal, code: number, message: string, headers: Record<string, string> = {}): Response {
  // OTLP errors carry a google.rpc.Status; JSON senders read it as {code, message}.
  if (encoding === "json") {
    return Response.json({ code, message }, { status: code, headers });
  }
  return new Response(message, { status: code, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

export async function handleOtlp(signal: Signal, req: Request, deps: OtlpDeps): Promise<Response> {
  let encoding: Encoding = "json";
  let done: (() => void) | null = null;
  try {
    if (req.method !== "POST") throw new HttpError(405, "OTLP/HTTP takes POST", { allow: "POST" });
    const allowed = await deps.authorize(req.headers.get("authorization"));
    if (allowed === false) {
      throw new HttpError(401, "missing or invalid API key: send Authorization: Bearer <key with the ingest scope>", {
        "www-authenticate": 'Bearer realm="quantlens"',
      });
    }
    if (allowed !== true) {
      throw new HttpError(429, "this key is over its ingest rate; retry later", { "retry-after": String(allowed.retryAfterSeconds) });
    }
    encoding = contentTypeOf(req.headers.get("content-type"));
    // Admit before reading when the size is declared, so refusing costs next to nothing.
    const declared = declaredLength(req, deps.maxBodyBytes);
    if (declared !== null) done = admit(deps.admission, declared);
    const raw = await readBody(req, deps.maxBodyBytes);
    done ??= admit(deps.admission, raw.byteLength);
    const body = await decompress(raw, req.headers.get("content-encoding"), deps.maxBodyBytes);
    const decoded = decodeRequest(signal, encoding, body);
    // The request's identity across a sender's retries: a retry resends the same bytes (after
    // decompression; gzip output may differ). ingest/writer.ts, "Retries count once".
    const key = `${signal[0]}:${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 32)}`;
    const outcome = await deps.pipeline.ingest(decoded, { key });
    const partial = outcome.rejected > 0 || outcome.message ? { rejected: outcome.rejected, message: outcome.message } : null;
    deps.admission.noteAccepted();
    const res = encodeResponse(signal, encoding, partial);
    return new Response(res.body as BodyInit, { status: 200, headers: { "content-type": res.contentType } });
  } catch (err) {
    if (err instanceof HttpError) return status(encoding, signal, err.status, err.message, err.headers);
    if (err instanceof DecodeError) return status(encoding, signal, 400, `cannot decode ${signal} request: ${err.message}`);
    if (isOverloaded(err)) {
      deps.admission.noteRefused();
      return status(encoding, signal, 429, err.message, { "retry-after": String(err.retryAfterSeconds) });
    }
    if (isWriteRejected(err)) {
      // Only this request's rows were refused (the writer split the batch to find them); OTLP
      // senders do not retry a 400, and sending the same rows again would fail the same way.
      return status(encoding, signal, 400, `${err.message} (other senders' rows were stored; fix the value before sending again)`);
    }
    if (isWriteFailed(err)) {
      console.error(`[ingest] ${err.message}`);
      return status(encoding, signal, 503, "the database is unavailable; retry later", { "retry-after": "5" });
    }
    console.error("[ingest] unexpected error", err);
    return status(encoding, signal, 503, "ingest failed unexpectedly; retry later", { "retry-after": "5" });
  } finally {
    done?.();
  }
}

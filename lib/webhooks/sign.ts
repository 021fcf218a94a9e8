// Webhook signatures: HMAC-SHA256 over `${timestamp}.${body}`, sent as `sha256=<hex>`.
// During key rotation the header carries one signature per valid secret, comma-separated.
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "quantlens-signature";
export const TIMESTAMP_HEADER = "quantlens-timestamp";

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return secrets.map((s) => sign(s, timestamp, body)).join(", ");
}

/** Receiver-side check: any listed signature matches, and the timestamp is within tolerance. */
export function verify(secret: string, header: string, timestamp: number, body: string, opts: { now?: number; toleranceSeconds?: number } = {}): boolean {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  return header.split(",").some((part) => {
    const got = Buffer.from(part.trim());
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
}

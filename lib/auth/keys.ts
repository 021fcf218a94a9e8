// API keys: `ql_<id>_<secret>`. Only a SHA-256 of the whole key is stored; the id finds the
// row and the hashes are compared in constant time.
import crypto from "node:crypto";

export const SCOPES = ["ingest", "read", "operate"] as const;
export type Scope = (typeof SCOPES)[number];

export interface StoredKey {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: Scope[];
  created_at: string;
  revoked_at: string | null;
}

const KEY_FORMAT = /^ql_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function hashKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function generateKey(): { id: string; key: string; hash: string; prefix: string } {
  const id = crypto.randomBytes(9).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 12);
  const key = `ql_${id}_${crypto.randomBytes(32).toString("base64url")}`;
  return { id, key, hash: hashKey(key), prefix: key.slice(0, 16) };
}

/** The key's id, or null when the text is not shaped like a Quantlens key. */
export function keyId(key: string): string | null {
  const m = KEY_FORMAT.exec(key);
  return m ? m[1] : null;
}

export function matches(key: string, stored: Pick<StoredKey, "hash">): boolean {
  const a = Buffer.from(hashKey(key), "hex");
  const b = Buffer.from(stored.hash, "hex");
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function parseScopes(text: string): Scope[] {
  const scopes = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (scopes.length === 0) throw new Error(`--scope needs at least one of ${SCOPES.join(", ")}`);
  for (const s of scopes) {
    if (!(SCOPES as readonly string[]).includes(s)) throw new Error(`unknown scope ${JSON.stringify(s)}; use ${SCOPES.join(", ")}`);
  }
  return [...new Set(scopes)] as Scope[];
}

/** The bearer token of an Authorization header, or null. */
export function bearer(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

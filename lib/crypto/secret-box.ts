// AES-256-GCM for secrets Quantlens must use later (webhook signing secrets), with a key derived
// from the material the caller passes (QUANTLENS_SECRET_KEY, else NEXTAUTH_SECRET: see
// server/services/secrets.ts). Rotating it makes stored secrets unreadable, so endpoints then
// need new secrets.
import crypto from "node:crypto";

let cached: { material: string; key: Buffer } | null = null;

function keyFor(material: string): Buffer {
  if (cached?.material !== material) cached = { material, key: crypto.scryptSync(material, "quantlens-secret-box-v1", 32) };
  return cached.key;
}

export function seal(plain: string, material: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", keyFor(material), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return `v1.${iv.toString("base64url")}.${body.toString("base64url")}.${c.getAuthTag().toString("base64url")}`;
}

export function open(sealed: string, material: string): string {
  const [v, iv, body, tag] = sealed.split(".");
  if (v !== "v1" || !iv || !body || !tag) throw new Error("not a sealed secret");
  const d = crypto.createDecipheriv("aes-256-gcm", keyFor(material), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
}

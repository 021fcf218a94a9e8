// AES-256-GCM for secrets Quantlens must use later (webhook signing secrets). The key is
// derived from QUANTLENS_SECRET_KEY, else NEXTAUTH_SECRET; rotating it makes stored secrets
// unreadable, so endpoints then need new secrets.
import crypto from "node:crypto";

function key(material: string): Buffer {
  return crypto.scryptSync(material, "quantlens-secret-box-v1", 32);
}

let cached: { material: string; key: Buffer } | null = null;

export function secretKeyMaterial(env: NodeJS.ProcessEnv = process.env): string {
  const m = env.QUANTLENS_SECRET_KEY || env.NEXTAUTH_SECRET;
  if (!m) throw new Error("set QUANTLENS_SECRET_KEY (or NEXTAUTH_SECRET) to store webhook secrets");
  return m;
}

function currentKey(): Buffer {
  const material = secretKeyMaterial();
  if (cached?.material !== material) cached = { material, key: key(material) };
  return cached.key;
}

export function seal(plain: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv("aes-256-gcm", currentKey(), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return `v1.${iv.toString("base64url")}.${body.toString("base64url")}.${c.getAuthTag().toString("base64url")}`;
}

export function open(sealed: string): string {
  const [v, iv, body, tag] = sealed.split(".");
  if (v !== "v1" || !iv || !body || !tag) throw new Error("not a sealed secret");
  const d = crypto.createDecipheriv("aes-256-gcm", currentKey(), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
}

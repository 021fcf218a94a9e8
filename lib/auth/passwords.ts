// scrypt password hashes: "scrypt$N$r$p$salt$hash" (base64url), verified in constant time.
// Verification runs on libuv's thread pool (crypto.scrypt), so a burst of sign-ins does not
// stall the event loop that ingest and pages share.
import crypto from "node:crypto";

const N = 16384, R = 8, P = 1, LEN = 32;
export const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, len: number, opts: crypto.ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => crypto.scrypt(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64url");
  const expected = Buffer.from(parts[5], "base64url");
  if (expected.length === 0) return false;
  const got = await scrypt(password, salt, expected.length, { N: n, r, p });
  return crypto.timingSafeEqual(got, expected);
}

// A hash of nothing anyone knows: unknown users cost the same scrypt as known ones, so the
// answer's timing does not tell which usernames exist.
let dummy: string | null = null;

export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString("base64url"));
  await verifyPassword(password, dummy);
  return false;
}

export function validatePassword(password: string): string | null {
  if (password.length < 12) return "passwords need at least 12 characters";
  if (password.length > MAX_PASSWORD_LENGTH) return `passwords are at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export function generatePassword(): string {
  return crypto.randomBytes(15).toString("base64url");
}

// scrypt password hashes: "scrypt$N$r$p$salt$hash" (base64url), verified in constant time.
import crypto from "node:crypto";

const N = 16384, R = 8, P = 1, LEN = 32;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64url");
  const expected = Buffer.from(parts[5], "base64url");
  const got = crypto.scryptSync(password, salt, expected.length, { N: n, r, p });
  return crypto.timingSafeEqual(got, expected);
}

export function validatePassword(password: string): string | null {
  if (password.length < 12) return "passwords need at least 12 characters";
  if (password.length > 1024) return "passwords are at most 1024 characters";
  return null;
}

export function generatePassword(): string {
  return crypto.randomBytes(15).toString("base64url");
}

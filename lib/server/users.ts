// Users: creation, sign-in checks, and the one-time admin credential on first start.
import { db } from "@/clickhouse/client";
import { countUsers, getUser, putUser } from "@/clickhouse/queries/users";
import { generatePassword, hashPassword, validatePassword, verifyPassword } from "@/lib/auth/passwords";
import { USERNAME, type Role } from "@/lib/auth/roles";

export async function createUser(username: string, password: string, role: Role): Promise<void> {
  if (!USERNAME.test(username)) throw new Error("usernames are 1-64 characters of letters, digits, _ . @ -");
  const problem = validatePassword(password);
  if (problem) throw new Error(problem);
  const client = await db();
  if (await getUser(client, username)) throw new Error(`user ${username} already exists`);
  await putUser(client, { username, password_hash: hashPassword(password), role, disabled: 0 });
}

export async function checkCredentials(username: string, password: string): Promise<{ username: string; role: Role } | null> {
  if (!USERNAME.test(username) || password.length > 1024) return null;
  const u = await getUser(await db(), username);
  if (!u || u.disabled) return null;
  return verifyPassword(password, u.password_hash) ? { username: u.username, role: u.role } : null;
}

/**
 * With no users yet, create `admin` with a random password, print it once, store its hash.
 */
export async function ensureFirstAdmin(): Promise<void> {
  const client = await db();
  if ((await countUsers(client)) > 0) return;
  const password = process.env.QUANTLENS_ADMIN_PASSWORD || generatePassword();
  await putUser(client, { username: "admin", password_hash: hashPassword(password), role: "admin", disabled: 0 });
  console.log(
    `\n[quantlens] First start: created user "admin" with the one-time password\n\n    ${process.env.QUANTLENS_ADMIN_PASSWORD ? "(from QUANTLENS_ADMIN_PASSWORD)" : password}\n\n` +
      `Only its hash is stored. Sign in and create named users with \`npm run quantlens -- users create\`.\n`,
  );
}

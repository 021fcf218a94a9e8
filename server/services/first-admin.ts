// The first start: with no users yet, create `admin` with QUANTLENS_ADMIN_PASSWORD or a random
// password written to a 0600 file beside the data (only its path is logged).
import fs from "node:fs";
import path from "node:path";
import { appendAudit, countUsers, putUser } from "@/clickhouse/queries/users";
import { generatePassword, hashPassword } from "@/lib/auth/passwords";
import { config } from "@/server/runtime/config";
import { database } from "@/server/runtime/runtime";


/** Where the generated first-start admin password is written: beside the data directory. */
export function firstAdminFile(): string {
  return config().firstAdmin.passwordFile;
}

export function removeFirstAdminFile(): void {
  const file = firstAdminFile();
  try {
    fs.rmSync(file);
    console.log(`[quantlens] the admin password was changed: removed the first-start password file ${file}`);
  } catch {
    /* not there */
  }
}

/** Writes `text` to `file` readable by this user only (0600), replacing any older file. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: "wx" });
  fs.renameSync(tmp, file);
}

/**
 * With no users yet, create `admin`: with QUANTLENS_ADMIN_PASSWORD, or with a random password
 * written to a 0600 file beside the data (only its path is printed; the log never sees it).
 */
export async function ensureFirstAdmin(): Promise<void> {
  const client = await database();
  if ((await countUsers(client)) > 0) return;
  const fromEnv = config().firstAdmin.password;
  const password = fromEnv || generatePassword();
  const file = fromEnv ? null : firstAdminFile();
  if (file) writePrivate(file, `${password}\n`);
  await putUser(client, { username: "admin", password_hash: hashPassword(password), role: "admin", disabled: 0 });
  await appendAudit(client, { actor: "system", action: "user.create", target: "admin", details: { role: "admin", firstStart: true } });
  console.log(
    file
      ? `\n[quantlens] First start: created the user "admin". Its password is in\n\n    ${file}\n\n` +
          `(readable only by this system user; only a hash is in the database). Sign in as admin, then change the password\n` +
          `(Account → Change password, or \`npm run quantlens -- users passwd --username admin\`): the file is removed then.\n`
      : `\n[quantlens] First start: created the user "admin" with the password from QUANTLENS_ADMIN_PASSWORD (only its hash is stored).\n`,
  );
}

// API keys for the API, the CLI and the page: list (never a hash), create (the key shown once),
// revoke. Each change is audited here, whoever asks.
import { appendAudit } from "@/clickhouse/queries/users";
import { parseScopes, type Scope, type StoredKey } from "@/lib/auth/keys";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { LIMITS } from "@/lib/limits";
import { database, runtime } from "@/server/runtime/runtime";
import type { KeyStore } from "./key-store";

export type PublicKey = Omit<StoredKey, "hash">;

/** The runtime's store, unless a caller (the CLI) brings its own. */
async function storeOf(store?: KeyStore): Promise<KeyStore> {
  return store ?? (await runtime()).keys;
}

export async function listKeys(store?: KeyStore): Promise<PublicKey[]> {
  return (await (await storeOf(store)).list()).map(({ hash: _hash, ...k }) => k);
}

/** `scopes`: a list or comma-separated text of ingest, read, operate. */
export async function createKey(name: string, scopes: string | string[], actor: string, store?: KeyStore): Promise<{ id: string; name: string; scopes: Scope[]; key: string }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > LIMITS.keyNameChars) throw new ValidationError(`name is required (at most ${LIMITS.keyNameChars} characters)`);
  let parsed: Scope[];
  try {
    parsed = parseScopes(Array.isArray(scopes) ? scopes.join(",") : scopes);
  } catch (err) {
    throw new ValidationError((err as Error).message);
  }
  const { key, stored } = await (await storeOf(store)).create(trimmed, parsed);
  await appendAudit(await database(), { actor, action: "key.create", target: stored.id, details: { name: trimmed, scopes: parsed } });
  return { id: stored.id, name: trimmed, scopes: parsed, key };
}

/** Revocation takes effect at once in this process (and within 5 s on other replicas). */
export async function revokeKey(id: string, actor: string, store?: KeyStore): Promise<void> {
  if (!(await (await storeOf(store)).revoke(id))) throw new NotFoundError(`no active key ${JSON.stringify(id)}`);
  await appendAudit(await database(), { actor, action: "key.revoke", target: id });
}

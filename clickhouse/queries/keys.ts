import type { Db } from "../client";
import { chTimeMs } from "../time";
import type { Scope, StoredKey } from "@/lib/auth/keys";

export async function insertKey(client: Db, k: { id: string; name: string; prefix: string; hash: string; scopes: Scope[] }): Promise<void> {
  await client.insert({
    table: "api_keys",
    format: "JSONEachRow",
    values: [{ ...k, created_at: chTimeMs(Date.now()), revoked_at: null, version: Date.now() }],
  });
}

/** Latest version of every key. */
export async function listKeys(client: Db): Promise<StoredKey[]> {
  const r = await client.query({
    query: `SELECT id, argMax(name, version) AS name, argMax(prefix, version) AS prefix, argMax(hash, version) AS hash,
              argMax(scopes, version) AS scopes, toString(min(created_at)) AS created_at,
              toString(argMax(revoked_at, version)) AS revoked_at
            FROM api_keys GROUP BY id ORDER BY created_at`,
    format: "JSONEachRow",
  });
  const rows = await r.json<StoredKey & { revoked_at: string | null }>();
  return rows.map((k) => ({ ...k, revoked_at: k.revoked_at && k.revoked_at !== "\\N" ? k.revoked_at : null }));
}

export async function revokeKey(client: Db, key: StoredKey): Promise<void> {
  await client.insert({
    table: "api_keys",
    format: "JSONEachRow",
    values: [{ id: key.id, name: key.name, prefix: key.prefix, hash: key.hash, scopes: key.scopes, created_at: key.created_at, revoked_at: chTimeMs(Date.now()), version: Date.now() }],
  });
}

// Authenticates bearer keys from an in-memory copy of api_keys. The copy is reloaded every
// few seconds (so revocation by another replica shows up) and at once after a local change.
import { db } from "@/clickhouse/client";
import { insertKey, listKeys, revokeKey } from "@/clickhouse/queries/keys";
import { bearer, generateKey, hashKey, keyId, matches, type Scope, type StoredKey } from "@/lib/auth/keys";

const RELOAD_MS = 5_000;

export interface Principal {
  kind: "key";
  id: string;
  name: string;
  scopes: Scope[];
}

export class KeyStore {
  private byId = new Map<string, StoredKey>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  async reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const keys = await listKeys(await db());
        this.byId = new Map(keys.map((k) => [k.id, k]));
        this.loadedAt = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > RELOAD_MS) await this.reload();
  }

  /** The key's principal, or null for a missing, malformed, unknown or revoked key. */
  async authenticate(authorization: string | null | undefined): Promise<Principal | null> {
    const token = bearer(authorization);
    if (!token) return null;
    const id = keyId(token);
    if (!id) return null;
    await this.fresh();
    const k = this.byId.get(id);
    if (!k || k.revoked_at || !matches(token, k)) return null;
    return { kind: "key", id: k.id, name: k.name, scopes: k.scopes };
  }

  async create(name: string, scopes: Scope[]): Promise<{ key: string; stored: StoredKey }> {
    const g = generateKey();
    await insertKey(await db(), { id: g.id, name, prefix: g.prefix, hash: g.hash, scopes });
    await this.reload();
    return { key: g.key, stored: this.byId.get(g.id)! };
  }

  /** Stores `key` (from QUANTLENS_BOOTSTRAP_KEY) with every scope, once. */
  async ensureBootstrap(key: string): Promise<void> {
    const id = keyId(key);
    if (!id) throw new Error("QUANTLENS_BOOTSTRAP_KEY must look like ql_<12 lowercase letters or digits>_<43 base64url characters>; create one with `npm run quantlens -- keys generate`");
    await this.reload();
    const existing = this.byId.get(id);
    if (existing && existing.hash === hashKey(key) && !existing.revoked_at) return;
    await insertKey(await db(), { id, name: "bootstrap", prefix: key.slice(0, 16), hash: hashKey(key), scopes: ["ingest", "read", "operate"] });
    await this.reload();
  }

  async revoke(id: string): Promise<boolean> {
    await this.reload();
    const k = this.byId.get(id);
    if (!k || k.revoked_at) return false;
    await revokeKey(await db(), k);
    await this.reload();
    return true;
  }

  async list(): Promise<StoredKey[]> {
    await this.reload();
    return [...this.byId.values()];
  }
}

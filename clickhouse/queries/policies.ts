// Versioned guardrail policies. Versions are per deployment and start at 1; version 0 is the
// built-in DEFAULT_POLICY. Next version = max + 1: two simultaneous saves for one deployment
// could get the same number (the later by created_at then wins in reads) — acceptable for a
// human-edited document.
import type { Db } from "../client";
import { chTimeMs } from "../time";
import { DEFAULT_POLICY, policyOrThrow, type Policy } from "@/lib/policy";

export interface StoredPolicy {
  /** The deployment the policy was stored for ('' = the default for all). */
  deployment: string;
  version: number;
  policy: Policy;
  author: string;
  reason: string;
  created_at: string;
}

interface Row {
  deployment: string;
  version: number;
  document: string;
  author: string;
  reason: string;
  created_at: string;
}

const COLUMNS = "deployment, toUInt32(version) AS version, document, author, reason, toString(created_at) AS created_at";

const toStored = (r: Row): StoredPolicy => ({
  deployment: r.deployment,
  version: Number(r.version),
  policy: policyOrThrow(JSON.parse(r.document)),
  author: r.author,
  reason: r.reason,
  created_at: r.created_at,
});

export const BUILTIN_POLICY: StoredPolicy = {
  deployment: "",
  version: 0,
  policy: DEFAULT_POLICY,
  author: "quantlens",
  reason: "built-in default",
  created_at: "1970-01-01 00:00:00.000",
};

/** Stores an already validated policy as the deployment's next version. */
export async function insertPolicy(client: Db, p: { deployment: string; policy: Policy; author: string; reason: string }): Promise<StoredPolicy> {
  const r = await client.query({
    query: "SELECT toUInt32(max(version)) AS v FROM policies WHERE deployment = {deployment:String}",
    query_params: { deployment: p.deployment },
    format: "JSONEachRow",
  });
  const [{ v }] = await r.json<{ v: number }>();
  const row: Row = {
    deployment: p.deployment,
    version: Number(v) + 1,
    document: JSON.stringify(p.policy),
    author: p.author,
    reason: p.reason,
    created_at: chTimeMs(Date.now()),
  };
  await client.insert({ table: "policies", format: "JSONEachRow", values: [row] });
  return { ...row, policy: p.policy };
}

/** The deployment's newest policy, else the newest '' default, else the built-in one. */
export async function getPolicy(client: Db, deployment: string): Promise<StoredPolicy> {
  const r = await client.query({
    query: `SELECT ${COLUMNS} FROM policies
            WHERE deployment IN ({deployment:String}, '')
            ORDER BY deployment = {deployment:String} DESC, version DESC, created_at DESC
            LIMIT 1`,
    query_params: { deployment },
    format: "JSONEachRow",
  });
  const [row] = await r.json<Row>();
  return row ? toStored(row) : BUILTIN_POLICY;
}

/** Every stored version for the deployment, newest first (the built-in default is not listed). */
export async function listPolicyVersions(client: Db, deployment: string): Promise<StoredPolicy[]> {
  const r = await client.query({
    query: `SELECT ${COLUMNS} FROM policies WHERE deployment = {deployment:String} ORDER BY version DESC, created_at DESC`,
    query_params: { deployment },
    format: "JSONEachRow",
  });
  return (await r.json<Row>()).map(toStored);
}

/** One version; version 0 is the built-in default. */
export async function getPolicyVersion(client: Db, deployment: string, version: number): Promise<StoredPolicy | null> {
  if (version === 0) return BUILTIN_POLICY;
  const r = await client.query({
    query: `SELECT ${COLUMNS} FROM policies WHERE deployment = {deployment:String} AND version = {version:UInt32}
            ORDER BY created_at DESC LIMIT 1`,
    query_params: { deployment, version },
    format: "JSONEachRow",
  });
  const [row] = await r.json<Row>();
  return row ? toStored(row) : null;
}

// Policy operations shared by the API, the CLI and the policies page: validate, store, audit.
import { db } from "@/clickhouse/client";
import { getPolicyVersion, insertPolicy, PolicyValidationError, type StoredPolicy } from "@/clickhouse/queries/policies";
import { appendAudit } from "@/clickhouse/queries/users";
import { diffPolicies, type PolicyChange } from "@/lib/policy";
import { ApiError } from "./api-route";

const DEPLOYMENT = /^[^\u0000-\u001f\u007f]{0,128}$/;

export async function savePolicy(p: { deployment: string; document: unknown; reason: string; author: string }): Promise<StoredPolicy> {
  if (!DEPLOYMENT.test(p.deployment)) throw new ApiError(400, "deployment must be at most 128 printable characters ('' = the default for all)");
  if (!p.reason.trim()) throw new ApiError(400, "a reason is required: say why the policy changes");
  try {
    const stored = await insertPolicy(await db(), { deployment: p.deployment, document: p.document, author: p.author, reason: p.reason.slice(0, 1000) });
    await appendAudit(await db(), { actor: p.author, action: "policy.create", target: p.deployment || "(default)", details: { version: stored.version, reason: stored.reason } });
    return stored;
  } catch (err) {
    if (err instanceof PolicyValidationError) throw new ApiError(422, err.message, { errors: err.errors });
    throw err;
  }
}

export async function diffVersions(deployment: string, from: number, to: number): Promise<{ from: StoredPolicy; to: StoredPolicy; changes: PolicyChange[] }> {
  const client = await db();
  const [a, b] = await Promise.all([getPolicyVersion(client, deployment, from), getPolicyVersion(client, deployment, to)]);
  if (!a) throw new ApiError(404, `no version ${from} of the policy for ${JSON.stringify(deployment)}`);
  if (!b) throw new ApiError(404, `no version ${to} of the policy for ${JSON.stringify(deployment)}`);
  return { from: a, to: b, changes: diffPolicies(a.policy, b.policy) };
}

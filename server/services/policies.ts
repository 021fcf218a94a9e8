// Guardrail policies for the API, the CLI and the policies page: read, validate, store, audit.
import { getPolicy, getPolicyVersion, insertPolicy, listPolicyVersions, type StoredPolicy } from "@/clickhouse/queries/policies";
import { appendAudit } from "@/clickhouse/queries/users";
import { InvalidDocumentError, NotFoundError, ValidationError } from "@/lib/errors";
import { LIMITS } from "@/lib/limits";
import { diffPolicies, parsePolicy, type PolicyChange } from "@/lib/policy";
import { database } from "@/server/runtime/runtime";

export type { StoredPolicy };

const DEPLOYMENT = new RegExp(`^[^\\u0000-\\u001f\\u007f]{0,${LIMITS.deploymentChars}}$`);

/** The policy in force for a deployment ('' = the default for all), and every stored version. */
export async function policyVersions(deployment: string): Promise<{ active: StoredPolicy; versions: StoredPolicy[] }> {
  const client = await database();
  const [active, versions] = await Promise.all([getPolicy(client, deployment), listPolicyVersions(client, deployment)]);
  return { active, versions };
}

export async function savePolicy(p: { deployment: string; document: unknown; reason: string; author: string }): Promise<StoredPolicy> {
  if (!DEPLOYMENT.test(p.deployment)) throw new ValidationError(`deployment must be at most ${LIMITS.deploymentChars} printable characters ('' = the default for all)`);
  if (!p.reason.trim()) throw new ValidationError("a reason is required: say why the policy changes");
  const parsed = parsePolicy(p.document);
  if (!parsed.ok) throw new InvalidDocumentError(`invalid policy: ${parsed.errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; ")}`, parsed.errors);
  const client = await database();
  const stored = await insertPolicy(client, { deployment: p.deployment, policy: parsed.policy, author: p.author, reason: p.reason.slice(0, 1000) });
  await appendAudit(client, { actor: p.author, action: "policy.create", target: p.deployment || "(default)", details: { version: stored.version, reason: stored.reason } });
  return stored;
}

export async function diffVersions(deployment: string, from: number, to: number): Promise<{ from: StoredPolicy; to: StoredPolicy; changes: PolicyChange[] }> {
  const client = await database();
  const [a, b] = await Promise.all([getPolicyVersion(client, deployment, from), getPolicyVersion(client, deployment, to)]);
  if (!a) throw new NotFoundError(`no version ${from} of the policy for ${JSON.stringify(deployment)}`);
  if (!b) throw new NotFoundError(`no version ${to} of the policy for ${JSON.stringify(deployment)}`);
  return { from: a, to: b, changes: diffPolicies(a.policy, b.policy) };
}

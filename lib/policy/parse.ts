// Parse and validate a policy from JSON/YAML text or a plain object; errors carry a path.
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { policySchema, type Policy } from "./schema";

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** ["checks", 2, "allowed_degradation", "value"] → "checks[2].allowed_degradation.value". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out;
}

function issues(err: z.ZodError): PolicyError[] {
  return err.issues.map((i) => {
    // Unknown keys are reported on the parent; name them in the path, as users look for them.
    if (i.code === "unrecognized_keys") {
      return { path: formatPath([...i.path, ...i.keys.slice(0, 1)]), message: `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}` };
    }
    return { path: formatPath(i.path), message: i.message };
  });
}

export function validatePolicy(doc: unknown): PolicyResult {
  const r = policySchema.safeParse(doc);
  return r.success ? { ok: true, policy: r.data } : { ok: false, errors: issues(r.error) };
}

/** JSON or YAML text (YAML is a superset of JSON, so one parser reads both). */
export function parsePolicy(input: string | unknown): PolicyResult {
  if (typeof input !== "string") return validatePolicy(input);
  let doc: unknown;
  try {
    doc = parseYaml(input);
  } catch (err) {
    return { ok: false, errors: [{ path: "", message: `not valid JSON or YAML: ${(err as Error).message.split("\n")[0]}` }] };
  }
  return validatePolicy(doc);
}

/** For trusted, already-validated documents (e.g. read back from storage). */
export function policyOrThrow(input: string | unknown): Policy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(`invalid policy: ${r.errors.map((e) => `${e.path || "(root)"}: ${e.message}`).join("; ")}`);
  return r.policy;
}

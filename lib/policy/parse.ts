// Parse and validate a policy from JSON/YAML text or a plain object; errors carry a path.
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { policySchema, type Policy } from "./schema";
import { policySchemaV1, type PolicyV1 } from "./schema-v1";

export interface PolicyError {
  path: string;
  message: string;
}

/** `upgraded` lists what changed when a version-1 document was read as version 2. */
export type PolicyResult = { ok: true; policy: Policy; upgraded?: string[] } | { ok: false; errors: PolicyError[] };

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

const DROPPED_V1 = ["sequential", "min_samples", "arm_balance", "score", "fdr", "reference.mode", "checks[].critical", "checks[].weight", "checks[].min_samples", "checks[].confidence"];

/**
 * Version 1 judged sliding windows with fixed-confidence intervals, a weighted score and
 * critical checks. Version 2 keeps what still has a meaning (allowances, coverage, references)
 * and drops the rest: every sequential check can now fail the deployment on its own.
 */
function upgradeV1(v1: PolicyV1): { doc: unknown; notes: string[] } {
  const notes = [`schema_version 1 read as 2: ${DROPPED_V1.join(", ")} no longer apply; every sequential check fails the deployment by default`];
  const checks = v1.checks.map((c, i) => {
    const out: Record<string, unknown> = { metric: c.metric, allowed_degradation: c.allowed_degradation, slices: c.slices, pairs: c.pairs };
    if (c.direction) out.direction = c.direction;
    if (c.kind) out.kind = c.kind;
    if (c.metric === "fallback_rate" && c.allowed_degradation.kind === "relative") {
      out.compare = "paired";
      notes.push(`checks[${i}]: a relative fallback allowance needs the baseline's rate, so compare: paired`);
    }
    return out;
  });
  const doc: Record<string, unknown> = { schema_version: 2, name: v1.name, alpha: v1.alpha, reference: { overall: v1.reference.overall }, checks };
  if (v1.description !== undefined) doc.description = v1.description;
  return { doc, notes };
}

export function validatePolicy(doc: unknown): PolicyResult {
  const version = typeof doc === "object" && doc !== null ? (doc as { schema_version?: unknown }).schema_version : undefined;
  if (version === undefined || version === 1) {
    const v1 = policySchemaV1.safeParse(doc);
    if (!v1.success) return { ok: false, errors: issues(v1.error) };
    const { doc: upgraded, notes } = upgradeV1(v1.data);
    const r = policySchema.safeParse(upgraded);
    return r.success ? { ok: true, policy: r.data, upgraded: notes } : { ok: false, errors: issues(r.error) };
  }
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

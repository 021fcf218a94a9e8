// Structural diff of two policies: every changed leaf with its old and new value.
import { formatPath } from "./parse";

export interface PolicyChange {
  path: string;
  old: unknown;
  new: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function walk(a: unknown, b: unknown, path: (string | number)[], out: PolicyChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], [...path, k], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: formatPath(path), old: a, new: b });
}

/** Changed paths (arrays compared by index; added/removed entries have undefined on one side). */
export function diffPolicies(a: unknown, b: unknown): PolicyChange[] {
  const out: PolicyChange[] = [];
  walk(a, b, [], out);
  return out;
}

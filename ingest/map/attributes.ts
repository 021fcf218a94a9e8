// Converts decoded attribute values into the strings and numbers the tables hold.
import type { AnyValue, Attributes } from "../otlp/types";
import { LIMITS } from "@/lib/limits";

export function anyToString(v: AnyValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString("base64") : x));
}

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** Attributes as a capped string map, leaving out keys the caller has already used. */
export function toStringMap(attrs: Attributes, skip?: (key: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const key in attrs) {
    if (skip?.(key)) continue;
    if (n >= LIMITS.attributesPerRecord) break;
    out[truncate(key, LIMITS.attributeKeyChars)] = truncate(anyToString(attrs[key]), LIMITS.attributeValueChars);
    n++;
  }
  return out;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function asNumber(v: AnyValue, key: string): Parsed<number> {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "bigint") n = Number(v);
  else if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) n = Number(v);
  else return { ok: false, error: `${key} must be a number, got ${describe(v)}` };
  if (!Number.isFinite(n)) return { ok: false, error: `${key} must be finite, got ${n}` };
  return { ok: true, value: n };
}

export function asBool(v: AnyValue, key: string): Parsed<boolean> {
  if (typeof v === "boolean") return { ok: true, value: v };
  if (v === "true" || v === 1 || v === 1n) return { ok: true, value: true };
  if (v === "false" || v === 0 || v === 0n) return { ok: true, value: false };
  return { ok: false, error: `${key} must be a boolean, got ${describe(v)}` };
}

export function asUnit(v: AnyValue, key: string): Parsed<number> {
  const n = asNumber(v, key);
  if (!n.ok) return n;
  if (n.value < 0 || n.value > 1) return { ok: false, error: `${key} must be within 0..1, got ${n.value}` };
  return n;
}

export function describe(v: AnyValue): string {
  if (v === null || v === undefined) return "nothing";
  if (v instanceof Uint8Array) return "bytes";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "a map";
  const s = anyToString(v);
  return `${typeof v} ${JSON.stringify(s.length > 40 ? s.slice(0, 40) + "…" : s)}`;
}

export function str(attrs: Attributes, key: string): string {
  const v = attrs[key];
  return v === undefined || v === null ? "" : anyToString(v);
}

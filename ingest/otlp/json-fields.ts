// Typed, lenient access to OTLP/JSON objects. A wrong-typed field is reported to the
// record's Issues (with its path) and read as the default, so decoding carries on.
import type { Issues } from "./record-issues";

export type JsonObject = { [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const snakeNames = new Map<string, string>();
function snake(name: string): string {
  let s = snakeNames.get(name);
  if (s === undefined) snakeNames.set(name, (s = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return s;
}

/** A field by its lowerCamelCase JSON name, or its proto (snake_case) name; null means absent. */
export function field(obj: JsonObject, name: string): unknown {
  const v = Object.hasOwn(obj, name) ? obj[name] : obj[snake(name)];
  return v === null ? undefined : v;
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** 64-bit integers: decimal strings per OTLP/JSON, or plain JSON integers. */
export function parseInt64(v: unknown, signed: boolean): bigint | undefined {
  let n: bigint;
  if (typeof v === "string" && /^-?\d+$/.test(v)) n = BigInt(v);
  else if (typeof v === "number" && Number.isInteger(v)) n = BigInt(v);
  else return undefined;
  return (signed ? n >= INT64_MIN && n <= INT64_MAX : n >= 0n && n <= UINT64_MAX) ? n : undefined;
}

/** Doubles: JSON numbers, or the proto3 JSON strings "NaN", "Infinity", "-Infinity" and numerals. */
export function parseDouble(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  const n = v.trim() === "" ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** 32-bit integers: JSON integers or integer strings. */
export function parseInt32(v: unknown, signed: boolean): number | undefined {
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) return undefined;
  return (signed ? n >= -(2 ** 31) && n < 2 ** 31 : n >= 0 && n < 2 ** 32) ? n : undefined;
}

/** Reads the fields of one JSON object, reporting problems under `path`. */
export class Fields {
  constructor(
    readonly obj: JsonObject,
    readonly path: string,
    readonly issues: Issues,
  ) {}

  get(name: string): unknown {
    return field(this.obj, name);
  }

  bad(name: string, message: string): void {
    this.issues.add(`${this.path}.${name}`, message);
  }

  str(name: string): string {
    const v = this.get(name);
    if (v === undefined) return "";
    if (typeof v === "string") return v;
    this.bad(name, "expected a string");
    return "";
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v === undefined) return false;
    if (typeof v === "boolean") return v;
    this.bad(name, "expected a boolean");
    return false;
  }

  uint64(name: string): bigint {
    const v = this.get(name);
    if (v === undefined) return 0n;
    const n = parseInt64(v, false);
    if (n === undefined) this.bad(name, "expected an unsigned 64-bit integer (decimal string or number)");
    return n ?? 0n;
  }

  int64(name: string): bigint {
    const v = this.get(name);
    if (v === undefined) return 0n;
    const n = parseInt64(v, true);
    if (n === undefined) this.bad(name, "expected a signed 64-bit integer (decimal string or number)");
    return n ?? 0n;
  }

  int32(name: string, signed = true): number {
    const v = this.get(name);
    if (v === undefined) return 0;
    const n = parseInt32(v, signed);
    if (n === undefined) this.bad(name, `expected a ${signed ? "" : "non-negative "}32-bit integer`);
    return n ?? 0;
  }

  double(name: string): number {
    return this.optionalDouble(name) ?? 0;
  }

  optionalDouble(name: string): number | null {
    const v = this.get(name);
    if (v === undefined) return null;
    const n = parseDouble(v);
    if (n === undefined) this.bad(name, "expected a number");
    return n ?? null;
  }

  /** Enums: integers per OTLP/JSON; names ("SPAN_KIND_SERVER", or "SERVER") accepted too. */
  enum(name: string, values: Record<string, number>): number {
    const v = this.get(name);
    if (v === undefined) return 0;
    if (typeof v === "string" && !/^-?\d+$/.test(v)) {
      const n = values[v.toUpperCase()];
      if (n === undefined) this.bad(name, `unknown value ${JSON.stringify(v)}`);
      return n ?? 0;
    }
    const n = parseInt32(v, true);
    if (n === undefined) this.bad(name, "expected an enum number or name");
    return n ?? 0;
  }

  /** A repeated scalar field; bad entries are reported and read as `fallback`. */
  list<T>(name: string, parse: (v: unknown) => T | undefined, expected: string, fallback: T): T[] {
    const v = this.get(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.bad(name, "expected an array");
      return [];
    }
    return v.map((x, i) => {
      const n = parse(x);
      if (n === undefined) this.bad(`${name}[${i}]`, expected);
      return n ?? fallback;
    });
  }

  /** Lowercase hex of a trace/span id; "" when absent. */
  hexId(name: string, bytes: number, required: boolean): string {
    const v = this.get(name) ?? "";
    if (typeof v === "string" && (v.length === bytes * 2 || (v === "" && !required)) && /^[0-9a-fA-F]*$/.test(v)) {
      return v.toLowerCase();
    }
    const got =
      typeof v !== "string" ? `a ${typeof v}` : v === "" ? "none" : `${JSON.stringify(v.slice(0, 40))} (${v.length} chars)`;
    this.bad(name, `expected ${bytes * 2} hex chars, got ${got}`);
    return "";
  }

  /** A nested object field; absent → undefined, wrong type → reported and undefined. */
  object(name: string): JsonObject | undefined {
    const v = this.get(name);
    if (v === undefined || isObject(v)) return v;
    this.bad(name, "expected an object");
    return undefined;
  }

  child(obj: JsonObject, name: string): Fields {
    return new Fields(obj, `${this.path}.${name}`, this.issues);
  }
}

/** Maps a JSON array of objects; a non-array or non-object entry becomes a placeholder from `bad`. */
export function eachObject<T>(
  value: unknown,
  path: string,
  item: (obj: JsonObject, path: string) => T,
  bad: (reason: string) => T,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [bad(`${path}: expected an array`)];
  return value.map((v, i) => (isObject(v) ? item(v, `${path}[${i}]`) : bad(`${path}[${i}]: expected an object`)));
}

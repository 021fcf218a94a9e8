// OTLP/JSON AnyValue objects ({"stringValue": …}, {"kvlistValue": {"values": […]}}, …) → AnyValue.
import type { AnyValue, Attributes } from "./types";
import { DepthError, Issues, MAX_ANYVALUE_DEPTH, depthMessage } from "./record-issues";
import { field, isObject, parseDouble, parseInt64 } from "./json-fields";
import { setKey } from "./values";

/** A malformed value; `path` points at the offending JSON. */
class ValueError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const KINDS = ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue", "stringValueStrindex"];
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function anyValue(v: unknown, path: string, depth: number): AnyValue {
  if (v === undefined || v === null) return null;
  if (depth > MAX_ANYVALUE_DEPTH) throw new DepthError();
  if (!isObject(v)) throw new ValueError(path, "expected an AnyValue object");
  const present = KINDS.filter((k) => field(v, k) !== undefined);
  if (present.length === 0) return null;
  if (present.length > 1) throw new ValueError(path, `more than one value set (${present.join(", ")})`);
  const kind = present[0];
  const x = field(v, kind);
  const at = `${path}.${kind}`;
  switch (kind) {
    case "stringValue":
      if (typeof x !== "string") throw new ValueError(at, "expected a string");
      return x;
    case "boolValue":
      if (typeof x !== "boolean") throw new ValueError(at, "expected a boolean");
      return x;
    case "intValue": {
      const n = parseInt64(x, true);
      if (n === undefined) throw new ValueError(at, "expected a signed 64-bit integer (decimal string or number)");
      return n;
    }
    case "doubleValue": {
      const n = parseDouble(x);
      if (n === undefined) throw new ValueError(at, "expected a number");
      return n;
    }
    case "bytesValue":
      if (typeof x !== "string" || !BASE64.test(x)) throw new ValueError(at, "expected a base64 string");
      return new Uint8Array(Buffer.from(x, "base64"));
    case "arrayValue":
      return values(x, at).map((item, i) => anyValue(item, `${at}.values[${i}]`, depth + 1));
    case "kvlistValue": {
      const out: { [key: string]: AnyValue } = {};
      values(x, at).forEach((kv, i) => {
        const [key, value] = keyValue(kv, `${at}.values[${i}]`, depth + 1);
        setKey(out, key, value);
      });
      return out;
    }
    default:
      return null; // stringValueStrindex: a profiles string-table index, meaningless here
  }
}

function values(x: unknown, path: string): unknown[] {
  if (!isObject(x)) throw new ValueError(path, "expected an object");
  const list = field(x, "values");
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ValueError(`${path}.values`, "expected an array");
  return list;
}

function keyValue(kv: unknown, path: string, depth: number): [string, AnyValue] {
  if (!isObject(kv)) throw new ValueError(path, "expected a {key, value} object");
  const key = field(kv, "key") ?? "";
  if (typeof key !== "string") throw new ValueError(`${path}.key`, "expected a string");
  return [key, anyValue(field(kv, "value"), `${path}.value`, depth)];
}

/** A KeyValue array → Attributes. A bad attribute is reported on the record and left out. */
export function jsonAttributes(list: unknown, path: string, issues: Issues): Attributes {
  const out: Attributes = {};
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    issues.add(path, "expected an array");
    return out;
  }
  list.forEach((kv, i) => {
    try {
      const [key, value] = keyValue(kv, `${path}[${i}]`, 1);
      setKey(out, key, value);
    } catch (e) {
      report(e, issues, path, () => depthMessage(isObject(kv) ? String(field(kv, "key") ?? "") : ""));
    }
  });
  return out;
}

/** A log body; same rules, reported as the body. */
export function jsonBody(v: unknown, path: string, issues: Issues): AnyValue {
  try {
    return anyValue(v, path, 1);
  } catch (e) {
    report(e, issues, path, () => `nested deeper than ${MAX_ANYVALUE_DEPTH}`);
    return null;
  }
}

function report(e: unknown, issues: Issues, path: string, depth: () => string): void {
  if (e instanceof DepthError) issues.add(path, depth());
  else if (e instanceof ValueError) issues.add(e.path, e.message);
  else throw e;
}

// AnyValue messages decoded by protobufjs → AnyValue, with the nesting cap.
import { toBigInt } from "./pb-long";
import { DepthError, Issues, MAX_ANYVALUE_DEPTH, depthMessage } from "./record-issues";
import { setKey } from "./values";
import type { AnyValue, Attributes } from "./types";
import type { PAnyValue, PKeyValue } from "./pb-types";

// Recursion is bounded: it stops at MAX_ANYVALUE_DEPTH, and protobufjs's recursion limit
// (see decode-protobuf.ts) has already bounded the decoded tree.
function anyValue(v: PAnyValue | null, depth: number): AnyValue {
  if (!v) return null; // a KeyValue without a value
  if (depth > MAX_ANYVALUE_DEPTH) throw new DepthError();
  switch (v.value) {
    case "string_value":
      return v.string_value;
    case "bool_value":
      return v.bool_value;
    case "int_value":
      return toBigInt(v.int_value);
    case "double_value":
      return v.double_value;
    case "array_value":
      return v.array_value!.values.map((x) => anyValue(x, depth + 1));
    case "kvlist_value": {
      const out: { [key: string]: AnyValue } = {};
      for (const kv of v.kvlist_value!.values) setKey(out, kv.key, anyValue(kv.value, depth + 1));
      return out;
    }
    case "bytes_value":
      return new Uint8Array(v.bytes_value); // a copy: do not pin the request buffer
    default:
      return null; // unset, or string_value_strindex (profiles only)
  }
}

/** KeyValue list → Attributes; a too-deep value is noted on the record and the attribute dropped. */
export function pbAttributes(kvs: PKeyValue[], path: string, issues: Issues): Attributes {
  const out: Attributes = {};
  for (const kv of kvs) {
    try {
      setKey(out, kv.key, anyValue(kv.value, 1));
    } catch (e) {
      if (!(e instanceof DepthError)) throw e;
      issues.add(path, depthMessage(kv.key));
    }
  }
  return out;
}

/** A log body: same depth rule, reported as the body. */
export function pbBody(v: PAnyValue | null, path: string, issues: Issues): AnyValue {
  try {
    return anyValue(v, 1);
  } catch (e) {
    if (!(e instanceof DepthError)) throw e;
    issues.add(path, `nested deeper than ${MAX_ANYVALUE_DEPTH}`);
    return null;
  }
}

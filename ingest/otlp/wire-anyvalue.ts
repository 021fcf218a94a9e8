// Decodes AnyValue messages kept as raw bytes by the wire schema, with a depth cap.
import { BigIntReader } from "./wire-reader";
import { DecodeError, type AnyValue, type Attributes } from "./types";
import { DepthError, Issues, MAX_ANYVALUE_DEPTH, depthMessage } from "./record-issues";
import { setKey } from "./values";
import type { WKeyValue } from "./wire-types";

const LEN = 2; // length-delimited wire type

function readAnyValue(buf: Uint8Array, depth: number): AnyValue {
  if (depth > MAX_ANYVALUE_DEPTH) throw new DepthError();
  const r = new BigIntReader(buf);
  let value: AnyValue = null;
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const type = tag & 7;
    // A field with an unexpected wire type is treated as unknown and skipped, as protoc does.
    if (field === 1 && type === LEN) value = r.stringVerify();
    else if (field === 2 && type === 0) value = r.bool();
    else if (field === 3 && type === 0) value = r.int64() as unknown as bigint;
    else if (field === 4 && type === 1) value = r.double();
    else if (field === 5 && type === LEN) value = readArray(r.bytes(), depth + 1);
    else if (field === 6 && type === LEN) value = readKvList(r.bytes(), depth + 1);
    else if (field === 7 && type === LEN) value = new Uint8Array(r.bytes()); // a copy: do not pin the request
    else {
      r.skipType(type); // includes string_value_strindex (8), which only profiles use
      if (field === 8 && type === 0) value = null;
    }
  }
  return value;
}

function readArray(buf: Uint8Array, depth: number): AnyValue[] {
  const r = new BigIntReader(buf);
  const out: AnyValue[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LEN) out.push(readAnyValue(r.bytes(), depth));
    else r.skipType(tag & 7);
  }
  return out;
}

function readKvList(buf: Uint8Array, depth: number): { [key: string]: AnyValue } {
  const r = new BigIntReader(buf);
  const out: { [key: string]: AnyValue } = {};
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LEN) {
      const [key, value] = readKeyValue(r.bytes(), depth);
      setKey(out, key, value);
    } else r.skipType(tag & 7);
  }
  return out;
}

function readKeyValue(buf: Uint8Array, depth: number): [string, AnyValue] {
  const r = new BigIntReader(buf);
  let key = "";
  let value: Uint8Array | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === LEN) key = r.stringVerify();
    else if (tag >>> 3 === 2 && (tag & 7) === LEN) value = r.bytes();
    else r.skipType(tag & 7);
  }
  return [key, value ? readAnyValue(value, depth) : null];
}

/** Decodes one AnyValue; wire corruption throws DecodeError, excess depth throws DepthError. */
export function wireAnyValue(buf: Uint8Array, path: string, depth = 1): AnyValue {
  try {
    return readAnyValue(buf, depth);
  } catch (e) {
    if (e instanceof DepthError) throw e;
    throw new DecodeError(`invalid OTLP protobuf at ${path}: ${(e as Error).message}`);
  }
}

/** KeyValue list → Attributes; a too-deep value is noted on the record and the attribute dropped. */
export function wireAttributes(kvs: WKeyValue[], path: string, issues: Issues): Attributes {
  const out: Attributes = {};
  for (const kv of kvs) {
    try {
      setKey(out, kv.key, wireAnyValue(kv.value, path));
    } catch (e) {
      if (!(e instanceof DepthError)) throw e;
      issues.add(path, depthMessage(kv.key));
    }
  }
  return out;
}

/** A log body: same depth rule, reported as the body. */
export function wireBody(buf: Uint8Array, path: string, issues: Issues): AnyValue {
  try {
    return wireAnyValue(buf, path);
  } catch (e) {
    if (!(e instanceof DepthError)) throw e;
    issues.add(path, `nested deeper than ${MAX_ANYVALUE_DEPTH}`);
    return null;
  }
}

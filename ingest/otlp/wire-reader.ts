// A protobufjs Reader that yields 64-bit integers as exact bigints.
// protobufjs otherwise returns Long objects, or lossy numbers when the optional
// "long" package is not resolvable (e.g. in some bundles); this works either way
// and does not touch protobufjs's global configuration.
import protobuf from "protobufjs";

export class BigIntReader extends protobuf.Reader {}

type Int64Methods = Record<"uint64" | "int64" | "sint64" | "fixed64" | "sfixed64", (this: protobuf.Reader) => bigint>;
const methods = BigIntReader.prototype as unknown as Int64Methods;

function readVarint64(r: protobuf.Reader): bigint {
  let result = 0n;
  for (let shift = 0n; shift < 70n; shift += 7n) {
    if (r.pos >= r.len) throw new RangeError(`index out of range: ${r.pos} + 1 > ${r.len}`);
    const b = r.buf[r.pos++];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return BigInt.asUintN(64, result);
  }
  throw new Error("invalid varint encoding");
}

methods.uint64 = function () {
  return readVarint64(this);
};
methods.int64 = function () {
  return BigInt.asIntN(64, readVarint64(this));
};
methods.sint64 = function () {
  const n = readVarint64(this);
  return BigInt.asIntN(64, (n >> 1n) ^ -(n & 1n));
};
methods.fixed64 = function () {
  const lo = this.fixed32();
  const hi = this.fixed32();
  return (BigInt(hi) << 32n) | BigInt(lo);
};
methods.sfixed64 = function () {
  return BigInt.asIntN(64, methods.fixed64.call(this));
};

/** A decoded 64-bit field: bigint from BigIntReader, or protobufjs's default (Long or 0) when absent. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  if (v && typeof v === "object" && "low" in v && "high" in v) {
    const { low, high, unsigned } = v as { low: number; high: number; unsigned?: boolean };
    const bits = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    return unsigned ? bits : BigInt.asIntN(64, bits);
  }
  return 0n;
}

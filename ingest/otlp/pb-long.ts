// 64-bit integers decoded by protobufjs, as exact bigints.
import protobuf from "protobufjs";
import Long from "long";

// protobufjs finds "long" with an optional require that a bundle may leave out, and then
// decodes 64-bit fields as lossy doubles. Install it explicitly. This must run before the
// descriptor is loaded (fields note at construction whether Long is available), so
// schema.ts imports this module first.
if (!protobuf.util.Long) {
  protobuf.util.Long = Long as unknown as typeof protobuf.util.Long;
  protobuf.configure();
}

/** A decoded 64-bit field: a Long (a plain number only if Long were unavailable). */
export type Int64 = Long | number;

/** Exact conversion; the Long's own signedness follows the field's type. */
export function toBigInt(v: Int64 | null | undefined): bigint {
  if (typeof v === "number") return BigInt(v);
  if (!v) return 0n;
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned ? bits : BigInt.asIntN(64, bits);
}

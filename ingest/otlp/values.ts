// Small value helpers shared by the protobuf and JSON decoders.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** Assigns without letting a "__proto__" key replace the object's prototype. */
export function setKey<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** OTLP requires bucket_counts = explicit_bounds + 1, unless both are empty. */
export function bucketShapeProblem(bucketCounts: number, explicitBounds: number): string | undefined {
  if (bucketCounts === 0 && explicitBounds === 0) return undefined;
  if (bucketCounts === explicitBounds + 1) return undefined;
  return `has ${bucketCounts} bucket counts for ${explicitBounds} explicit bounds (expected ${explicitBounds + 1})`;
}

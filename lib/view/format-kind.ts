// Value formatters for charts, chosen by name: server pages pass the name (plain data), the
// client chart wrappers turn it into a function.
import { bytes, ms, pct } from "@/lib/view/format";

export type FormatKind = "ms" | "pct" | "bytes" | "num" | "count";

export function formatter(kind: FormatKind): (v: number) => string {
  switch (kind) {
    case "ms":
      return ms;
    case "pct":
      return (v) => pct(v);
    case "bytes":
      return bytes;
    case "count":
      return (v) => Math.round(v).toLocaleString("en-US");
    default:
      return (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  }
}

// Formatting shared by pages: numbers and manifests as people read them.

export function manifestShort(m: { quant_format: string; quant_method: string; group_size: string; runtime: string }): string {
  return [m.quant_format, m.quant_method && m.quant_method !== "none" ? m.quant_method : "", m.group_size && m.group_size !== "0" ? `g${m.group_size}` : "", m.runtime]
    .filter(Boolean)
    .join(" · ");
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(x * 100).toFixed(digits)}%`;
}

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`;
}

/** Binary units throughout (KiB, MiB, GiB, as the memory checks' text): GiB and above with 2 decimals. */
export function bytes(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Math.abs(x);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 ? 0 : i >= 3 ? 2 : 1;
  return `${x < 0 ? "−" : ""}${v.toFixed(digits)} ${units[i]}`;
}

const SIGN = (v: number) => (v < 0 ? "−" : v > 0 ? "+" : "±");

/** A signed difference of rates or scores in percentage points, e.g. "−4.2 pts". */
export function pts(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : `${SIGN(x)}${Math.abs(x * 100).toFixed(digits)} pts`;
}

/** A signed relative change, e.g. "+12%". */
export function relChange(canary: number | null | undefined, baseline: number | null | undefined): string {
  if (canary === null || canary === undefined || baseline === null || baseline === undefined || !baseline) return "";
  const r = canary / baseline - 1;
  return Number.isFinite(r) ? `${SIGN(r)}${Math.abs(r * 100).toFixed(Math.abs(r) < 0.1 ? 1 : 0)}%` : "";
}

export function count(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : Math.round(x).toLocaleString("en-US");
}


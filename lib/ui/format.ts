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

export function bytes(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = x;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

// Latency evidence from the per-minute histograms instead of raw rows: each bin stands for
// its midpoint, and a large histogram is thinned proportionally (largest remainders), which
// keeps every quantile within one bin width (about 2%) of the full data.

/** Bin b of latency_hist covers [2^(b/32) − 1, 2^((b+1)/32) − 1) ms. */
export function binMidpointMs(bin: number): number {
  return (Math.pow(2, bin / 32) - 1 + Math.pow(2, (bin + 1) / 32) - 1) / 2;
}

/** Sorted representative latencies, at most `cap` of them. */
export function samplesFromHistogram(bins: number[], counts: number[], cap: number): number[] {
  const total = counts.reduce((a, b) => a + Number(b), 0);
  if (total === 0) return [];
  const order = bins.map((b, i) => [Number(b), Number(counts[i])] as const).sort((a, b) => a[0] - b[0]);
  let take: number[];
  if (total <= cap) take = order.map(([, c]) => c);
  else {
    const exact = order.map(([, c]) => (c * cap) / total);
    take = exact.map(Math.floor);
    let left = cap - take.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
    for (const [, i] of byRemainder) {
      if (left-- <= 0) break;
      take[i]++;
    }
  }
  const out: number[] = [];
  order.forEach(([bin], i) => {
    const v = binMidpointMs(bin);
    for (let k = 0; k < take[i]; k++) out.push(v);
  });
  return out;
}

/** Every k-th element of a sorted array, so pairwise statistics stay cheap. */
export function thinSorted(sorted: number[], max: number): number[] {
  if (sorted.length <= max) return sorted;
  const step = sorted.length / max;
  return Array.from({ length: max }, (_, i) => sorted[Math.floor(i * step + step / 2)]);
}

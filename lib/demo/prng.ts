// Small seeded PRNG helpers for the demo traffic model. Kept local to lib/demo so the demo
// does not depend on lib/stats (written separately) and stays reproducible on its own.

/** Uniform draws in [0, 1); not lib/stats/prng's Rng (an object with next()). */
export type UniformSource = () => number;

/** mulberry32: 32-bit state, fast, good enough for synthetic traffic. Returns [0, 1). */
export function mulberry32(seed: number): UniformSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3 finaliser: spreads nearby integers (seed, index) into unrelated seeds. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * One independent stream per (seed, index): a request is a pure function of its index,
 * so generating request 5000 does not require generating 0..4999 first.
 */
export function streamFor(seed: number, index: number): UniformSource {
  const hi = Math.floor(index / 4294967296);
  const h = fmix32(fmix32(seed ^ 0x5bd1e995) ^ fmix32((index >>> 0) + 0x9e3779b9) ^ fmix32(hi + 0x7f4a7c15));
  return mulberry32(h);
}

/** Standard normal via Box-Muller; always consumes exactly two uniforms (stable streams). */
export function normal(rng: UniformSource): number {
  const u1 = rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** Kumaraswamy(a, b) on [0, 1]: a beta-like shape with a closed-form inverse CDF. */
export function kumaraswamy(rng: UniformSource, a: number, b: number): number {
  const u = rng();
  return Math.pow(1 - Math.pow(1 - u, 1 / b), 1 / a);
}

/** Weighted choice; weights need not sum to 1. Consumes one uniform. */
export function pick<T>(rng: UniformSource, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

/** Log-uniform integer in [lo, hi]: token counts span orders of magnitude within a bucket. */
export function logUniformInt(rng: UniformSource, lo: number, hi: number): number {
  const v = Math.exp(Math.log(lo) + rng() * (Math.log(hi + 1) - Math.log(lo)));
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

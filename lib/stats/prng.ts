/**
 * Seeded PRNG: xoshiro128** (Blackman & Vigna) with its 128-bit state filled by
 * splitmix32 from a 32-bit seed. Not cryptographic; deterministic across platforms
 * (only 32-bit integer ops via Math.imul / >>>).
 */
import { logGamma } from "./gamma";

export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** xoshiro128** from an explicit 4-word state (must not be all zero). */
export function xoshiro128ss(state: readonly [number, number, number, number]): Rng {
  let [s0, s1, s2, s3] = state.map((v) => v >>> 0);
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128**: state must not be all zero");
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  // 27 high bits of one word + 26 of the next → 53-bit uniform.
  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  return { nextUint32, next };
}

/** Seeded generator; equal seeds give equal streams. */
export function createRng(seed: number): Rng {
  const sm = splitmix32(seed);
  return xoshiro128ss([sm(), sm(), sm(), sm()]);
}

/** Standard normal sampler (Marsaglia polar method; caches the second deviate). */
export function normalSampler(rng: Rng): (mean?: number, sd?: number) => number {
  let spare: number | null = null;
  return (mean = 0, sd = 1) => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * rng.next() - 1;
      v = 2 * rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    return mean + sd * u * f;
  };
}

export function bernoulli(rng: Rng, p: number): 0 | 1 {
  return rng.next() < p ? 1 : 0;
}

/**
 * Binomial(n, p) sampler. Inversion (sequential search from 0) when n·min(p,1−p) < 10;
 * otherwise Hörmann's BTRS transformed rejection (1993), which is exact. Uses p ≤ 1/2 by symmetry.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0,1], got ${p}`);
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n === 0 || p === 0) return 0;
  const q = 1 - p;
  if (n * p < 10) {
    const r = p / q;
    let pmf = Math.pow(q, n);
    let cdf = pmf;
    const u = rng.next();
    let k = 0;
    while (u > cdf && k < n) {
      pmf *= (r * (n - k)) / (k + 1);
      k += 1;
      cdf += pmf;
    }
    return k;
  }
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq) return k;
  }
}

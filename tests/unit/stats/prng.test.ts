import { describe, expect, it } from "vitest";
import { binomial, createRng, normalSampler, xoshiro128ss } from "@/lib/stats/prng";

describe("xoshiro128**", () => {
  it("matches the reference algorithm's first outputs for state {1,2,3,4}", () => {
    // From a separate Python transcription of Blackman & Vigna's xoshiro128starstar.c
    // (the first values 11520, 0, 5927040, 70819200 also follow by hand: rotl(2·5, 7)·9 = 11520).
    const rng = xoshiro128ss([1, 2, 3, 4]);
    const want = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849];
    expect(want.map(() => rng.nextUint32())).toEqual(want);
  });
  it("is deterministic per seed and uniform-looking", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    const n = 200_000;
    const counts = new Array(10).fill(0);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = a.next();
      if (!(u >= 0 && u < 1)) outOfRange++;
      else counts[Math.floor(u * 10)]++;
      sum += u;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.003); // sd of the mean = 0.00065
    const chi2 = counts.reduce((s, o) => s + (o - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88); // χ²₉ 0.999 quantile (standard tables)
  });
});

describe("samplers", () => {
  it("normal sampler has mean 0, variance 1, and normal tail mass", () => {
    const draw = normalSampler(createRng(7));
    const n = 200_000;
    let s = 0;
    let ss = 0;
    let beyond196 = 0;
    for (let i = 0; i < n; i++) {
      const z = draw();
      s += z;
      ss += z * z;
      if (Math.abs(z) > 1.959963984540054) beyond196++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01); // 4.5 sd
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.015); // sd of ss/n = √(2/n) = 0.0032
    expect(Math.abs(beyond196 / n - 0.05)).toBeLessThan(0.003); // sd 0.00049
    expect(normalSampler(createRng(1))(10, 0)).toBe(10);
  });

  // log C(n,k) = Σ_{i<k} log((n−i)/(i+1)), accumulated along k (independent of logGamma).
  const logPmfs = (n: number, p: number): number[] => {
    const out: number[] = [];
    let logC = 0;
    for (let k = 0; k <= n; k++) {
      out.push(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
      logC += Math.log((n - k) / (k + 1));
    }
    return out;
  };

  for (const [n, p] of [[20, 0.3], [1000, 0.004], [500, 0.37], [10_000, 0.9]] as const) {
    it(`binomial(${n}, ${p}) passes a χ² goodness-of-fit test against the exact pmf`, () => {
      const rng = createRng(n);
      const draws = 100_000;
      const obs = new Map<number, number>();
      let invalid = 0;
      let sum = 0;
      for (let i = 0; i < draws; i++) {
        const k = binomial(rng, n, p);
        if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid++;
        sum += k;
        obs.set(k, (obs.get(k) ?? 0) + 1);
      }
      expect(invalid).toBe(0);
      // Mean within 4.5 standard errors of np (sharper than χ² against a small location bias).
      expect(Math.abs(sum / draws - n * p)).toBeLessThan(4.5 * Math.sqrt((n * p * (1 - p)) / draws));
      const lp = logPmfs(n, p);
      // Pool cells with expected count < 20 into the neighbouring cell.
      let chi2 = 0;
      let cells = 0;
      let eAcc = 0;
      let oAcc = 0;
      for (let k = 0; k <= n; k++) {
        eAcc += draws * Math.exp(lp[k]);
        oAcc += obs.get(k) ?? 0;
        if (eAcc >= 20) {
          chi2 += (oAcc - eAcc) ** 2 / eAcc;
          cells++;
          eAcc = 0;
          oAcc = 0;
        }
      }
      chi2 += eAcc > 0 ? (oAcc - eAcc) ** 2 / Math.max(eAcc, 1e-12) : 0;
      const df = cells - 1;
      // Wilson-Hilferty 0.999 quantile of χ²_df: df·(1 − 2/(9df) + 3.090·√(2/(9df)))³
      const crit = df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;
      expect(chi2).toBeLessThan(crit);
    });
  }
  it("binomial edge cases", () => {
    const rng = createRng(3);
    expect(binomial(rng, 0, 0.5)).toBe(0);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(() => binomial(rng, 2.5, 0.5)).toThrow(RangeError);
  });
});

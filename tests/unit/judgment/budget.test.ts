import { describe, expect, it } from "vitest";
import {
  EQUAL_CELLS,
  FIRST_BLOCK_STARTS,
  SHARES,
  anchoredLogThreshold,
  cellWeight,
  changeLogThreshold,
  referenceAlpha,
  type KeyBudget,
} from "@/lib/judgment/budget";

const relClose = (got: number, want: number, rel: number) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));
};

/** Kahan–Neumaier compensated sum. */
function neumaier(terms: Iterable<number>): number {
  let s = 0;
  let c = 0;
  for (const x of terms) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

describe("shares", () => {
  // Guards the Bonferroni split over detectors: anchored + change + reference ≤ 1.
  it("sum to 1", () => {
    expect(SHARES.anchored + SHARES.change + SHARES.reference).toBeCloseTo(1, 15);
  });
});

describe("cellWeight", () => {
  // Guards Σ_k w_k ≤ 1 over any number of cells (else the deployment-level α is exceeded).
  // Closed form: 64·(1/128) + 32·Σ_{k=65}^{K} (1/(k−1) − 1/k) = 1 − 32/K. The sum is taken from
  // the smallest term up with compensation, so rounding cannot hide an excess of ~1e-12.
  it("Σ_{k=1}^{10^6} cellWeight(k) ≤ 1 and equals 1 − 32/K", () => {
    const K = 1_000_000;
    const terms = function* () {
      for (let k = K; k >= 1; k--) yield cellWeight(k);
    };
    const s = neumaier(terms());
    expect(s).toBeLessThanOrEqual(1);
    expect(Math.abs(s - (1 - 32 / K))).toBeLessThan(1e-13);
    // The limit is approached: weights are not wasted (1 − 32/K → 1).
    expect(1 - s).toBeLessThan(4e-5);
  });
  // Guards the equal share of the first 64 cells (order within them cannot matter).
  it("is 1/128 for every k ≤ 64", () => {
    for (let k = 1; k <= EQUAL_CELLS; k++) expect(cellWeight(k)).toBe(1 / 128);
  });
  // Guards the tail formula 32/(k(k−1)) and that it joins the flat part without a jump
  // (1/130 at k = 65 against 1/128 at k = 64) and is non-increasing from there on.
  it("continues at k = 65 with 32/(65·64) and decreases", () => {
    expect(cellWeight(65)).toBe(32 / (65 * 64));
    expect(cellWeight(65)).toBeLessThanOrEqual(cellWeight(64));
    expect(cellWeight(65) / cellWeight(64)).toBeGreaterThan(0.98);
    expect(cellWeight(1000)).toBe(32 / (1000 * 999));
    for (let k = 1; k < 5000; k++) expect(cellWeight(k + 1)).toBeLessThanOrEqual(cellWeight(k));
  });
  it("throws a RangeError for k < 1 (and NaN)", () => {
    expect(() => cellWeight(0)).toThrow(RangeError);
    expect(() => cellWeight(-3)).toThrow(RangeError);
    expect(() => cellWeight(0.5)).toThrow(RangeError);
    expect(() => cellWeight(Number.NaN)).toThrow(RangeError);
  });
});

describe("anchoredLogThreshold", () => {
  // Guards the anchored share: log(1/a) with a = α·0.5·w_k/checks (a check count of 0 counts as 1).
  it("equals −log(α·0.5·w/checks)", () => {
    const cases: KeyBudget[] = [
      { alpha: 0.05, checks: 3, cellOrder: 1 },
      { alpha: 0.01, checks: 1, cellOrder: 64 },
      { alpha: 0.1, checks: 7, cellOrder: 65 },
      { alpha: 0.001, checks: 2, cellOrder: 12345 },
    ];
    for (const b of cases) {
      relClose(anchoredLogThreshold(b), -Math.log((b.alpha * 0.5 * cellWeight(b.cellOrder)) / b.checks), 1e-15);
    }
    // Hand value: α = 0.05, 3 checks, first cell: a = 0.05·0.5/128/3 → log(1/a) = log(15360).
    relClose(anchoredLogThreshold({ alpha: 0.05, checks: 3, cellOrder: 1 }), Math.log(15360), 1e-15);
    expect(anchoredLogThreshold({ alpha: 0.05, checks: 0, cellOrder: 1 })).toBe(anchoredLogThreshold({ alpha: 0.05, checks: 1, cellOrder: 1 }));
  });
  // Guards that later cells never get a looser threshold than earlier ones.
  it("is non-decreasing in cell order (flat over the first 64, strictly increasing after)", () => {
    const thr = (k: number) => anchoredLogThreshold({ alpha: 0.05, checks: 4, cellOrder: k });
    for (let k = 1; k < 2000; k++) {
      if (k < EQUAL_CELLS) expect(thr(k + 1)).toBe(thr(k));
      else expect(thr(k + 1)).toBeGreaterThan(thr(k));
    }
  });
  it("referenceAlpha is α·0.2·w/checks", () => {
    relClose(referenceAlpha({ alpha: 0.05, checks: 2, cellOrder: 70 }), (0.05 * 0.2 * (32 / (70 * 69))) / 2, 1e-15);
  });
});

describe("changeLogThreshold", () => {
  // Block j holds starts in (N_{j−1}, N_j], N_j = 3600·2^{j−1}, and
  //   log A_j = log N_j + j·log 2 − log(α·0.3·w/checks).
  // Guards the block boundaries (a start count of exactly N_j still belongs to block j) and the
  // per-block threshold; an off-by-one in the block or a missing 2^j fails here.
  const b: KeyBudget = { alpha: 0.05, checks: 3, cellOrder: 2 };
  const a = (0.05 * 0.3 * (1 / 128)) / 3;
  const la = Math.log(a);
  it("matches the hand formula at starts = 0, 1, 3600, 3601, 7200, 7201", () => {
    relClose(FIRST_BLOCK_STARTS, 3600, 0);
    const block1 = Math.log(3600) + 1 * Math.LN2 - la; // N_1 = 3600, j = 1
    const block2 = Math.log(7200) + 2 * Math.LN2 - la; // N_2 = 7200, j = 2
    const block3 = Math.log(14400) + 3 * Math.LN2 - la; // N_3 = 14400, j = 3
    relClose(changeLogThreshold(b, 0), block1, 1e-15);
    relClose(changeLogThreshold(b, 1), block1, 1e-15);
    relClose(changeLogThreshold(b, 3600), block1, 1e-15);
    relClose(changeLogThreshold(b, 3601), block2, 1e-15);
    relClose(changeLogThreshold(b, 7200), block2, 1e-15);
    relClose(changeLogThreshold(b, 7201), block3, 1e-15);
    // In plain numbers: A_1 = 3600·2/a = 7200·3·128/(0.05·0.3) = 184,320,000.
    relClose(Math.exp(changeLogThreshold(b, 1)), 184_320_000, 1e-12);
  });
  // Guards the union bound that makes the change detector valid for ever:
  //   Σ_j P(alarm in block j) ≤ Σ_j N_j/A_j = a·Σ_j 2^{−j} = a(1 − 2^{−60}) over 60 blocks.
  it("Σ_{j=1}^{60} N_j/A_j = α·0.3·w/checks to 1e-12 relative", () => {
    for (const bb of [b, { alpha: 0.01, checks: 1, cellOrder: 500 }, { alpha: 0.2, checks: 12, cellOrder: 64 }] as KeyBudget[]) {
      const aa = (bb.alpha * 0.3 * cellWeight(bb.cellOrder)) / bb.checks;
      let sum = 0;
      for (let j = 1; j <= 60; j++) {
        const Nj = 3600 * 2 ** (j - 1);
        sum += Math.exp(Math.log(Nj) - changeLogThreshold(bb, Nj));
        // Each start count within the block gets the block's threshold.
        if (j > 1) expect(changeLogThreshold(bb, Nj / 2 + Nj / 4)).toBe(changeLogThreshold(bb, Nj));
      }
      relClose(sum, aa, 1e-12);
    }
  });
  it("is non-decreasing in starts and grows by 2·log 2 per doubling", () => {
    let prev = -Infinity;
    for (let s = 0; s < 100_000; s += 97) {
      const t = changeLogThreshold(b, s);
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
    }
    relClose(changeLogThreshold(b, 7201) - changeLogThreshold(b, 3601), 2 * Math.LN2, 1e-12);
  });
});

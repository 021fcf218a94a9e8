import { describe, expect, it } from "vitest";
import {
  EQUAL_CELLS,
  FIRST_BLOCK_STARTS,
  SHARES,
  anchoredLogThreshold,
  cellWeight,
  changeLogThreshold,
  poolAlpha,
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
  // Guards the Bonferroni split over detectors: anchored + change + reference ≤ 1, and pins the
  // split (anchored 0.75, change 0.2, reference 0.05) that the hand values below are computed for.
  it("are anchored 0.75, change 0.2, reference 0.05 and sum to 1", () => {
    expect(SHARES).toEqual({ anchored: 0.75, change: 0.2, reference: 0.05 });
    expect(SHARES.anchored + SHARES.change + SHARES.reference).toBeLessThanOrEqual(1);
    expect(SHARES.anchored + SHARES.change + SHARES.reference).toBeCloseTo(1, 15);
  });
});

describe("cellWeight", () => {
  // Guards Σ_k w_k ≤ 1 over any number of cells (else the deployment-level α is exceeded).
  // Closed form: 64·(3/256) + 16·Σ_{k=65}^{K} (1/(k−1) − 1/k) = 3/4 + 16·(1/64 − 1/K) = 1 − 16/K
  // (python3: sum(Fraction(3,256) if k <= 64 else Fraction(16, k*(k-1)) for k in range(1, K+1))
  // == 1 - Fraction(16, K), checked for K = 2000). The sum is taken from the smallest term up
  // with compensation, so rounding cannot hide an excess of ~1e-12.
  it("Σ_{k=1}^{10^6} cellWeight(k) ≤ 1 and equals 1 − 16/K", () => {
    const K = 1_000_000;
    const terms = function* () {
      for (let k = K; k >= 1; k--) yield cellWeight(k);
    };
    const s = neumaier(terms());
    expect(s).toBeLessThanOrEqual(1);
    expect(Math.abs(s - (1 - 16 / K))).toBeLessThan(1e-13);
    // The limit is approached: weights are not wasted (1 − 16/K → 1; 16/K = 1.6e-5).
    expect(1 - s).toBeLessThan(2e-5);
  });
  // Guards the equal share of the first 64 cells (order within them cannot matter), three
  // quarters of the budget between them (exact in binary: 64 · 3/256 = 0.75).
  it("is 3/256 for every k ≤ 64, three quarters in all", () => {
    let flat = 0;
    for (let k = 1; k <= EQUAL_CELLS; k++) {
      expect(cellWeight(k)).toBe(3 / 256);
      flat += cellWeight(k);
    }
    expect(flat).toBe(0.75);
  });
  // Guards the tail formula 16/(k(k−1)) (which sums to 1/4 over k > 64) and that it is
  // non-increasing. The tail starts below the flat part: 16/(65·64) against 3/256, a ratio of
  // 4096/12480 = 0.3282051282051282 (python3: (16/(65*64))/(3/256)).
  it("continues at k = 65 with 16/(65·64) and decreases", () => {
    expect(cellWeight(65)).toBe(16 / (65 * 64));
    expect(cellWeight(65)).toBeLessThanOrEqual(cellWeight(64));
    expect(cellWeight(65) / cellWeight(64)).toBeCloseTo(0.3282051282051282, 15);
    expect(cellWeight(1000)).toBe(16 / (1000 * 999));
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
  // Guards the anchored share: log(1/a) with a = α·0.75·w_k/checks (a check count of 0 counts as 1).
  it("equals −log(α·0.75·w/checks)", () => {
    const cases: KeyBudget[] = [
      { alpha: 0.05, checks: 3, cellOrder: 1 },
      { alpha: 0.01, checks: 1, cellOrder: 64 },
      { alpha: 0.1, checks: 7, cellOrder: 65 },
      { alpha: 0.001, checks: 2, cellOrder: 12345 },
    ];
    for (const b of cases) {
      relClose(anchoredLogThreshold(b), -Math.log((b.alpha * 0.75 * cellWeight(b.cellOrder)) / b.checks), 1e-15);
    }
    // Hand value: α = 0.05, 3 checks, first cell: a = 0.05·0.75·(3/256)/3 → 1/a = 20480/3, and
    // python3 -np.log(0.05*0.75*(3/256)/3) = 8.828591790485333 (mpmath: 8.8285917904853343407).
    relClose(anchoredLogThreshold({ alpha: 0.05, checks: 3, cellOrder: 1 }), Math.log(20480 / 3), 1e-15);
    relClose(anchoredLogThreshold({ alpha: 0.05, checks: 3, cellOrder: 1 }), 8.828591790485333, 1e-15);
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
});

describe("referenceAlpha / poolAlpha", () => {
  // Guards the reference share: half (0.025) to the per-cell baseline sequences by cell weight,
  // half to one pooled sequence per check, each split over the checks.
  it("referenceAlpha is α·0.025·w/checks", () => {
    // python3: (0.05*(0.05/2)*(16/(70*69)))/2 = 2.0703933747412013e-06 (mpmath 2.0703933747412009431e-6)
    relClose(referenceAlpha({ alpha: 0.05, checks: 2, cellOrder: 70 }), 2.0703933747412013e-6, 1e-15);
    relClose(referenceAlpha({ alpha: 0.05, checks: 2, cellOrder: 70 }), (0.05 * 0.025 * (16 / (70 * 69))) / 2, 1e-15);
    expect(referenceAlpha({ alpha: 0.05, checks: 0, cellOrder: 3 })).toBe(referenceAlpha({ alpha: 0.05, checks: 1, cellOrder: 3 }));
  });
  it("poolAlpha is α·0.025/checks, whatever the cell", () => {
    // python3: (0.05*0.05)/2/2 = 0.0006250000000000001
    relClose(poolAlpha({ alpha: 0.05, checks: 2 }), 0.000625, 1e-15);
    expect(poolAlpha({ alpha: 0.05, checks: 0 })).toBe(poolAlpha({ alpha: 0.05, checks: 1 }));
    expect(poolAlpha({ alpha: 0.05, checks: 2, cellOrder: 500 } as KeyBudget)).toBe(poolAlpha({ alpha: 0.05, checks: 2 }));
  });
  // Guards the union bound of the reference share: over any number of cells and every check,
  // the per-cell sequences and the pooled ones together spend at most α·0.05.
  it("Σ over 10^5 cells and the checks of referenceAlpha, plus the pools, ≤ α·SHARES.reference", () => {
    for (const [alpha, checks] of [
      [0.05, 3],
      [0.01, 1],
    ]) {
      const perCell = neumaier(
        (function* () {
          for (let k = 100_000; k >= 1; k--) yield checks * referenceAlpha({ alpha, checks, cellOrder: k });
        })(),
      );
      const total = perCell + checks * poolAlpha({ alpha, checks });
      expect(total).toBeLessThanOrEqual(alpha * SHARES.reference);
      // and not far below: (1 − 16/10^5)/2 + 1/2 of it is used
      relClose(total, alpha * 0.05 * (1 - 8 / 100_000), 1e-12);
    }
  });
});

describe("changeLogThreshold", () => {
  // Block j holds starts in (N_{j−1}, N_j], N_j = 3600·2^{j−1}, and
  //   log A_j = log N_j + j·log 2 − log(α·0.2·w/checks).
  // Guards the block boundaries (a start count of exactly N_j still belongs to block j) and the
  // per-block threshold; an off-by-one in the block or a missing 2^j fails here.
  const b: KeyBudget = { alpha: 0.05, checks: 3, cellOrder: 2 };
  const a = (0.05 * 0.2 * (3 / 256)) / 3;
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
    // python3: a = 0.05*0.2*(3/256)/3; [np.log(3600*2**(j-1)) + j*np.log(2) - np.log(a) for j in (1,2,3)]
    relClose(changeLogThreshold(b, 1), 19.0321839354718, 1e-14);
    relClose(changeLogThreshold(b, 3601), 20.41847829659169, 1e-14);
    relClose(changeLogThreshold(b, 7201), 21.80477265771158, 1e-14);
    // In plain numbers: A_1 = 3600·2/a = 7200·3·256/(0.05·0.2·3) = 184,320,000.
    relClose(Math.exp(changeLogThreshold(b, 1)), 184_320_000, 1e-12);
  });
  // Guards the union bound that makes the change detector valid for ever:
  //   Σ_j P(alarm in block j) ≤ Σ_j N_j/A_j = a·Σ_j 2^{−j} = a(1 − 2^{−60}) over 60 blocks.
  it("Σ_{j=1}^{60} N_j/A_j = α·0.2·w/checks to 1e-12 relative", () => {
    for (const bb of [b, { alpha: 0.01, checks: 1, cellOrder: 500 }, { alpha: 0.2, checks: 12, cellOrder: 64 }] as KeyBudget[]) {
      const aa = (bb.alpha * 0.2 * cellWeight(bb.cellOrder)) / bb.checks;
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

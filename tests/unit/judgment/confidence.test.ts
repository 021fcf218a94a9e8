import { describe, expect, it } from "vitest";
import {
  addBatch,
  addValues,
  fromUnit,
  lowerBound,
  newConfidence,
  projectedRadius,
  toUnit,
  upperBound,
  type ConfidenceState,
} from "@/lib/judgment/confidence";
import { createRng, type Rng } from "@/lib/stats/prng";

const relClose = (got: number, want: number, rel: number) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + (want === 0 ? 1e-300 : 0));
};

const limit = (a: number, m: number) => a + 3 * Math.sqrt((a * (1 - a)) / m);

// ---------------------------------------------------------------------------------------------
// Exactness against an independent Python transcription of the batched recursion.
// ---------------------------------------------------------------------------------------------
//
// Python (numpy float64). Unlike confidence.ts, it computes each batch's Σ(x − X̂)² directly
// from the observations instead of via Σx² − 2X̂Σx + nX̂², so it also checks that expansion:
//
//   import numpy as np
//   SIZES=[1,1,2,3,5,8,13,21,34,55,89,144,1,1000]
//   def seq(kind, N):
//       i=np.arange(1,N+1); r=(i*7919)%1000
//       return r/1000.0 if kind=="u" else (r<30).astype(float)
//   def cs(x):
//       n=0; S=0.0; SV=0.0; sl=slx=spsi=0.0; pos=0; out=[]
//       for m in SIZES:
//           b=x[pos:pos+m]; pos+=m
//           mu=(0.5+S)/(n+1); var=(0.25+SV)/(n+1); t=n+m           # predictable, tuned for batch end
//           lam=min(0.75, np.sqrt(2*6/(var*t*np.log1p(t))))        # LAMBDA_MAX = 0.75, TUNE = 6
//           v=np.sum((b-mu)**2)
//           sl+=lam*m; slx+=lam*np.sum(b); spsi+=(-np.log1p(-lam)-lam)*v; SV+=v; n+=m; S+=np.sum(b)
//           row=[]
//           for a in (0.05,1e-6):
//               row.append(min(1.0,(slx+spsi-np.log(a))/sl)); row.append(max(0.0,(slx-spsi+np.log(a))/sl))
//           out.append(row)                                         # [U(.05), L(.05), U(1e-6), L(1e-6)]
//       return out
//   for k in ("u","b"): print(cs(seq(k, sum(SIZES))))
const SIZES = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 1, 1000];
const REF_U: number[][] = [
  [1.0, 0.0, 1.0, 0.0],
  [1.0, 0.0, 1.0, 0.0],
  [1.0, 0.0, 1.0, 0.0],
  [1.0, 0.06156221436782322, 1.0, 0.0],
  [0.9126670890511492, 0.0343329109488506, 1.0, 0.0],
  [0.8366788163041157, 0.2623211836958842, 1.0, 0.0],
  [0.733649348440174, 0.33053246974164413, 1.0, 0.0],
  [0.6686537582523477, 0.35793053892771337, 0.9362724197531878, 0.09031187742687334],
  [0.6192356217804056, 0.38187064480342603, 0.8018077438316362, 0.19929852275219542],
  [0.595889292119644, 0.41228094295811357, 0.7270294959935439, 0.2811407390842136],
  [0.5730693302310794, 0.4283114621299181, 0.6699223607610444, 0.3314584315999531],
  [0.5605920569563355, 0.44489485477555685, 0.6338312905542128, 0.3716556211776795],
  [0.5604273050887101, 0.44492509004137465, 0.6335425951013113, 0.3718098000287734],
  [0.5356839044957472, 0.4668385414867606, 0.576226826384385, 0.42629561959812284],
];
const REF_B: number[][] = [
  [1.0, 0.0, 1.0, 0.0],
  [1.0, 0.0, 1.0, 0.0],
  [1.0, 0.0, 1.0, 0.0],
  [0.6188595769459878, 0.0, 1.0, 0.0],
  [0.5075775521318848, 0.0, 1.0, 0.0],
  [0.3090645977486213, 0.0, 1.0, 0.0],
  [0.18901705711719335, 0.0, 0.6261798160832653, 0.0],
  [0.14899581755656582, 0.0, 0.41615083692472093, 0.0],
  [0.11223452112805635, 0.0, 0.27617055574033333, 0.0],
  [0.0832827613076942, 0.0, 0.19008826224654926, 0.0],
  [0.07192292109543301, 0.0, 0.14428209286455407, 0.0],
  [0.06164906336993592, 0.0, 0.11361940453818374, 0.0],
  [0.06152540811987289, 0.0, 0.11339103769260105, 0.0],
  [0.04775499969467821, 0.01169920825795999, 0.07426435621046294, 0.0],
];

function replay(kind: "u" | "b"): number[][] {
  const s = newConfidence();
  const out: number[][] = [];
  let i = 1;
  for (const m of SIZES) {
    let sx = 0;
    let sxx = 0;
    for (let k = 0; k < m; k++, i++) {
      const r = (i * 7919) % 1000;
      const x = kind === "u" ? r / 1000 : r < 30 ? 1 : 0;
      sx += x;
      sxx += x * x;
    }
    addBatch(s, m, sx, sxx);
    out.push([upperBound(s, 0.05), lowerBound(s, 0.05), upperBound(s, 1e-6), lowerBound(s, 1e-6)]);
  }
  return out;
}

describe("predictable plug-in EB confidence sequence: exact against Python", () => {
  // Guards every detail of the batch rule: X̂ and σ̂² from before the batch (with the 1/2 and 1/4
  // priors), λ tuned for t = n + batch size with log1p(t), LAMBDA_MAX = 0.75 (the early rows),
  // TUNE = 6, ψ(λ) = −log(1 − λ) − λ, the bound formulas and their clamping to [0, 1].
  for (const [kind, ref] of [
    ["u", REF_U],
    ["b", REF_B],
  ] as const) {
    it(`sequence "${kind}" (${kind === "u" ? "values on a 0.001 grid" : "sparse 0/1"}) in batches ${SIZES.join(",")}`, () => {
      const got = replay(kind);
      for (let r = 0; r < ref.length; r++) for (let c = 0; c < 4; c++) relClose(got[r][c], ref[r][c], 1e-12);
    });
  }
  it("returns the trivial [0, 1] before any observation, and ignores empty batches", () => {
    const s = newConfidence();
    expect(upperBound(s, 0.05)).toBe(1);
    expect(lowerBound(s, 0.05)).toBe(0);
    addBatch(s, 0, 0, 0);
    expect(s).toEqual(newConfidence());
  });
});

// ---------------------------------------------------------------------------------------------
// Time-uniform coverage by simulation.
// ---------------------------------------------------------------------------------------------

interface Batch {
  n: number;
  sx: number;
  sxx: number;
  /** Σ of the conditional means of the batch's observations. */
  smu: number;
}

type Source = (rng: Rng, i0: number, n: number) => Batch;

const bernoulli =
  (p: number): Source =>
  (rng, _i0, n) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return { n, sx: k, sxx: k, smu: n * p };
  };

/** x = U⁴: skewed towards 0 like a Beta(1/4, 1); E[x] = 1/5. */
const skewed: Source = (rng, _i0, n) => {
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const x = u * u * u * u;
    sx += x;
    sxx += x * x;
  }
  return { n, sx, sxx, smu: n / 5 };
};

/** Bernoulli with conditional mean μ_i = 0.35 + 0.25·sin(2π i/400): means that vary over time. */
const muDrift = (i: number) => 0.35 + 0.25 * Math.sin((2 * Math.PI * i) / 400);
const drifting: Source = (rng, i0, n) => {
  let k = 0;
  let smu = 0;
  for (let i = i0; i < i0 + n; i++) {
    const mu = muDrift(i);
    smu += mu;
    if (rng.next() < mu) k++;
  }
  return { n, sx: k, sxx: k, smu };
};

interface Coverage {
  /** Sequences where the target ever left [L(α/2), U(α/2)] (two-sided at α). */
  twoSided: number;
  /** Sequences where the target ever exceeded U(α) / fell below L(α) (each one-sided at α). */
  upper: number;
  lower: number;
  /** The same one-sided counts at level 0.5 (Ville holds at any level; more sensitive). */
  upperHalf: number;
  lowerHalf: number;
  /** The same for the plain running average Σμ_i/t (differs from the target only under drift). */
  twoSidedPlain: number;
}

/**
 * The quantity the CS covers, per the supermartingale exp(Σλ_i(X_i − μ_i) − Σψ(λ_i)(X_i − X̂_i)²):
 * the λ-weighted average Σλ_iμ_i/Σλ_i of the conditional means (λ of a batch is read from the
 * state as Δ(Σλ)/n). With constant means it is the mean itself.
 */
function coverage(seed: number, seqs: number, obs: number, source: Source, alpha: number): Coverage {
  const rng = createRng(seed);
  const c: Coverage = { twoSided: 0, upper: 0, lower: 0, upperHalf: 0, lowerHalf: 0, twoSidedPlain: 0 };
  for (let q = 0; q < seqs; q++) {
    const s: ConfidenceState = newConfidence();
    let seen = 0;
    let slmu = 0;
    let smu = 0;
    let two = false;
    let up = false;
    let low = false;
    let plain = false;
    let upH = false;
    let lowH = false;
    while (seen < obs) {
      const m = Math.min(1 + Math.floor(rng.next() * 20), obs - seen);
      const b = source(rng, seen + 1, m);
      const sl0 = s.sl;
      addBatch(s, b.n, b.sx, b.sxx);
      slmu += ((s.sl - sl0) / b.n) * b.smu;
      smu += b.smu;
      seen += m;
      const target = slmu / s.sl;
      const mean = smu / seen;
      const U2 = upperBound(s, alpha / 2);
      const L2 = lowerBound(s, alpha / 2);
      if (target > U2 || target < L2) two = true;
      if (mean > U2 || mean < L2) plain = true;
      if (target > upperBound(s, alpha)) up = true;
      if (target < lowerBound(s, alpha)) low = true;
      if (target > upperBound(s, 0.5)) upH = true;
      if (target < lowerBound(s, 0.5)) lowH = true;
    }
    if (two) c.twoSided++;
    if (up) c.upper++;
    if (low) c.lower++;
    if (plain) c.twoSidedPlain++;
    if (upH) c.upperHalf++;
    if (lowH) c.lowerHalf++;
  }
  return c;
}

describe("time-uniform coverage (α = 0.1; 1000 sequences × 2000 observations, batches of 1–20)", () => {
  // Guards validity: the bound must hold simultaneously over all batch ends with probability
  // ≥ 1 − α. Fails if the ψ term is dropped, λ is not predictable (uses the batch's own mean),
  // log(1/α) is mis-scaled, or the bounds are centred wrongly.
  // Two-sided: the target ever outside [L(α/2), U(α/2)] in ≤ α + 3 SE of the sequences; and each
  // side separately: ever above U(α) (resp. below L(α)) in ≤ α + 3 SE; the same at level 0.5.
  // Observed (two-sided / upper / lower at 0.1): Bernoulli(0.02) 8/18/0, Bernoulli(0.5) 5/4/3,
  // skewed 2/8/0, drift 2/4/2 per 1000 — the EB sequence is conservative, so this simulation
  // only catches gross invalidity; the exactness tests above catch the rest.
  const SEQ = 1000;
  const OBS = 2000;
  const ALPHA = 0.1;
  const cases: [string, Source, number][] = [
    ["Bernoulli(0.02)", bernoulli(0.02), 11],
    ["Bernoulli(0.5)", bernoulli(0.5), 12],
    ["skewed U⁴ (mean 0.2)", skewed, 13],
    ["time-varying conditional means", drifting, 14],
  ];
  for (const [label, source, seed] of cases) {
    it(label, () => {
      const c = coverage(seed, SEQ, OBS, source, ALPHA);
      const lim = limit(ALPHA, SEQ);
      expect(c.twoSided / SEQ, "two-sided miscoverage").toBeLessThanOrEqual(lim);
      expect(c.upper / SEQ, "upper one-sided miscoverage").toBeLessThanOrEqual(lim);
      expect(c.lower / SEQ, "lower one-sided miscoverage").toBeLessThanOrEqual(lim);
      expect(c.upperHalf / SEQ, "upper one-sided miscoverage at 0.5").toBeLessThanOrEqual(limit(0.5, SEQ));
      expect(c.lowerHalf / SEQ, "lower one-sided miscoverage at 0.5").toBeLessThanOrEqual(limit(0.5, SEQ));
      // The plain running average Σμ_i/t: identical to the target for constant means; for the
      // oscillating drift it is missed more often (observed 58/1000) but still within α + 3 SE.
      expect(c.twoSidedPlain / SEQ, "two-sided miscoverage of the plain running average").toBeLessThanOrEqual(lim);
    });
  }

  // With time-varying conditional means the supermartingale only gives coverage of the λ-weighted average
  // Σλ_iμ_i/Σλ_i; λ_i ∝ 1/√(i log i) weights early observations more, so under a monotone drift
  // the plain running average Σμ_i/t escapes the bound. Here μ_i = 0.1 for i ≤ 1000, then 0.9:
  // at t = 2000 the plain average is 0.5 but U(0.05) ≈ 0.32 in essentially every sequence.
  it("covers the λ-weighted average under a monotone drift (what the theorem gives), not the plain running average", () => {
    const step: Source = (rng, i0, n) => {
      let k = 0;
      let smu = 0;
      for (let i = i0; i < i0 + n; i++) {
        const mu = i <= 1000 ? 0.1 : 0.9;
        smu += mu;
        if (rng.next() < mu) k++;
      }
      return { n, sx: k, sxx: k, smu };
    };
    const c = coverage(99, 200, OBS, step, ALPHA);
    expect(c.twoSided / 200).toBeLessThanOrEqual(limit(ALPHA, 200));
    expect(c.twoSidedPlain / 200).toBeGreaterThan(0.9);
  });
});

describe("width", () => {
  // Guards efficiency: a valid but uselessly wide bound (λ too small/large, TUNE or the variance
  // estimate wrong) would pass the coverage tests but fail these.
  // U − mean = (radius U − Σλx/Σλ) + (Σλx/Σλ − mean): the radius is ≈ 0.028 and the second term
  // is noise of sd ≈ 0.004, so "< 0.03" holds for a typical run, not for every run (over 300
  // seeds it failed in 32% of them with batches of 1–20, and in 46% with single observations,
  // where the median is 0.0296). Hence: the seeded run (seed 2024, the first tried: 0.0288)
  // and, robustly, the median over 21 seeds.
  const width10k = (seed: number) => {
    const rng = createRng(seed);
    const s = newConfidence();
    while (s.n < 10_000) {
      const m = Math.min(1 + Math.floor(rng.next() * 20), 10_000 - s.n);
      const b = bernoulli(0.5)(rng, 0, m);
      addBatch(s, b.n, b.sx, b.sxx);
    }
    const mean = s.sx / s.n;
    return { up: upperBound(s, 0.05) - mean, down: mean - lowerBound(s, 0.05), radius: upperBound(s, 0.05) - s.slx / s.sl };
  };
  it("after 10,000 Bernoulli(0.5) observations (batches of 1–20), U − mean < 0.03 at α = 0.05", () => {
    const w = width10k(2024);
    expect(w.up).toBeLessThan(0.03);
    expect(w.down).toBeLessThan(0.03);
    expect(w.up).toBeGreaterThan(0.01); // and not implausibly narrow
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[10];
    const runs = Array.from({ length: 21 }, (_, i) => width10k(1000 + i));
    expect(med(runs.map((r) => r.up))).toBeLessThan(0.03);
    expect(med(runs.map((r) => r.down))).toBeLessThan(0.03);
    expect(med(runs.map((r) => r.radius))).toBeLessThan(0.03);
    expect(med(runs.map((r) => r.radius))).toBeGreaterThan(0.02);
  });
  // Guards "tuned for the end of the batch": with λ chosen for t = 1 (capped at 0.75) the radius
  // of a 100,000-observation first batch would be ≈ ψ(0.75)/(4·0.75) ≈ 0.21.
  it("a single first batch of n = 100,000 still gives a bound within 0.02 of the mean", () => {
    const rng = createRng(5);
    const b = bernoulli(0.5)(rng, 0, 100_000);
    const s = newConfidence();
    addBatch(s, b.n, b.sx, b.sxx);
    const mean = s.sx / s.n;
    expect(upperBound(s, 0.05) - mean).toBeLessThan(0.02);
    expect(mean - lowerBound(s, 0.05)).toBeLessThan(0.02);
  });
  it("projectedRadius equals the realised radius of a first batch with X̂ = 1/2 and variance 1/4", () => {
    // A first batch of n values, half 0 and half 1: X̂ = 0.5, Σ(x − X̂)² = n/4, prior variance 1/4.
    for (const n of [1000, 100_000]) {
      const s = newConfidence();
      addBatch(s, n, n / 2, n / 2);
      relClose(upperBound(s, 0.01) - 0.5, projectedRadius(n, 0.25, 0.01), 1e-10);
    }
    expect(projectedRadius(0, 0.25, 0.05)).toBe(Infinity);
  });
});

describe("toUnit / fromUnit / addValues", () => {
  const r = { lo: 10, hi: 20 };
  // Guards the rescaling onto [0, 1] that the [0, 1] theory needs, and its clamping.
  it("round-trips inside the range and clamps outside it", () => {
    for (let x = 10; x <= 20; x += 0.37) expect(Math.abs(fromUnit(r, toUnit(r, x)) - x)).toBeLessThan(1e-12);
    expect(toUnit(r, 12.5)).toBe(0.25);
    expect(fromUnit(r, 0.25)).toBe(12.5);
    expect(toUnit(r, 5)).toBe(0);
    expect(toUnit(r, 25)).toBe(1);
    expect(toUnit(r, -Infinity)).toBe(0);
    expect(toUnit(r, Infinity)).toBe(1);
    expect(toUnit({ lo: -3, hi: -1 }, -2)).toBe(0.5);
  });
  it("addValues equals addBatch on the rescaled, clamped sums", () => {
    const a = newConfidence();
    const b = newConfidence();
    const values = new Map<number, number>([
      [12, 3],
      [19, 1],
      [30, 2], // clamped to 20 → 1
      [0, 1], // clamped to 10 → 0
    ]);
    addValues(a, r, values);
    addBatch(b, 7, 3 * 0.2 + 0.9 + 2, 3 * 0.04 + 0.81 + 2);
    for (const k of Object.keys(a) as (keyof ConfidenceState)[]) relClose(a[k], b[k], 1e-14);
  });
});

import { describe, expect, it } from "vitest";
import { logGamma, regularizedGammaP, regularizedGammaQ } from "@/lib/stats/gamma";
import { logBeta, regularizedBeta } from "@/lib/stats/beta";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("logGamma", () => {
  it("matches closed forms", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(rel(logGamma(10), Math.log(362880))).toBeLessThan(1e-14); // Γ(10) = 9!
    expect(rel(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14); // Γ(1/2) = √π
  });
  it("matches mpmath.loggamma (mpmath 1.3.0, 40 digits)", () => {
    const cases: [number, number][] = [
      [0.001, 6.9071788853838537],
      [0.1, 2.252712651734206],
      [2.5, 0.28468287047291916],
      [100.5, 361.43554046777762],
      [1e6, 12815504.569147612],
    ];
    for (const [x, ref] of cases) expect(rel(logGamma(x), ref)).toBeLessThan(1e-13);
  });
  it("rejects x ≤ 0", () => expect(() => logGamma(0)).toThrow(RangeError));
});

describe("regularized incomplete gamma", () => {
  it("P(1, x) = 1 − e^−x (exponential CDF)", () => {
    for (const x of [0.01, 0.5, 2, 10]) expect(rel(regularizedGammaP(1, x), -Math.expm1(-x))).toBeLessThan(1e-13);
  });
  it("matches mpmath.gammainc(regularized=True)", () => {
    const p: [number, number, number][] = [
      [5, 3, 0.18473675547622793],
      [0.5, 2, 0.95449973610364159], // = P(|Z| < 2)
      [100, 90, 0.15822098918643017],
      [3.5, 0.01, 8.5305804694285074e-9],
    ];
    for (const [a, x, ref] of p) expect(rel(regularizedGammaP(a, x), ref)).toBeLessThan(1e-12);
    const q: [number, number, number][] = [
      [10, 20, 0.0049954123083075872],
      [2, 50, 9.8366242246159807e-21], // tail keeps relative precision
    ];
    for (const [a, x, ref] of q) expect(rel(regularizedGammaQ(a, x), ref)).toBeLessThan(1e-12);
  });
  it("P + Q = 1", () => {
    for (const [a, x] of [[0.3, 0.2], [4, 4.9], [50, 70]]) expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
  });
});

describe("logBeta", () => {
  it("matches mpmath.log(mpmath.beta(a, b)) (mpmath 1.3.0, mp.dps = 40) including huge arguments", () => {
    // (0.5, 1e300) needs mp.dps = 400 (at 40 digits mpmath rounds 1e300 + 0.5 to 1e300); all other
    // values are unchanged from 40 to 400 digits. Before the Stirling difference form, (0.5, 5e8) was
    // off by 6.7e-7 absolute, (0.5, 1e12) by 9.6e-4 and (0.5, 1e300) returned 0.
    const cases: [a: number, b: number, ref: number][] = [
      [0.5, 5e8, -9.442694385018532], [0.5, 1e12, -13.243145615039449], [2.5, 1e9, -51.52348172376811],
      [1e9, 1e9, -1386294370.2160115], [3, 4, -4.0943445622221], [1e-3, 1e-3, 7.600900817008347],
      [0.5, 1e6, -6.335390211057437], [0.5, 500000.5, -5.988816995777464], [15, 1e5, -147.50371074106843],
      [9.5, 10.5, -13.709925546998463], [12, 30, -25.27486496841981], [0.5, 10, -0.5664327963975939],
      [1e5, 100000.5, -138634.27363556335], [0.5, 1e300, -344.81539900618213], [7, 1e-3, 6.905306024280088],
      [20, 20, -27.95199188624447], [1e-300, 0.5, 690.7755278982137],
    ];
    for (const [a, b, ref] of cases) {
      expect(rel(logBeta(a, b), ref), `logBeta(${a}, ${b})`).toBeLessThan(1e-12);
      expect(logBeta(b, a)).toBe(logBeta(a, b)); // symmetric by construction
    }
    // Near zero only absolute error is meaningful: ln B(2, ½) = ln(4/3) (mpmath: 0.2876820724517809).
    expect(Math.abs(logBeta(2, 0.5) - 0.2876820724517809)).toBeLessThan(1e-14);
  });
});

describe("regularized incomplete beta", () => {
  it("matches closed forms", () => {
    for (const x of [0.1, 0.5, 0.93]) {
      expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 14); // uniform
      expect(rel(regularizedBeta(x, 3.7, 1), x ** 3.7)).toBeLessThan(1e-13); // I_x(a,1) = x^a
    }
    expect(regularizedBeta(0.5, 7.3, 7.3)).toBeCloseTo(0.5, 13); // symmetry
    // I_x(1/2,1/2) = (2/π)·asin(√x) (arcsine law)
    expect(rel(regularizedBeta(0.9, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.9)))).toBeLessThan(1e-13);
  });
  it("matches mpmath.betainc(regularized=True)", () => {
    const cases: [number, number, number, number][] = [
      [0.3, 2.5, 3.5, 0.2967529892956664],
      [0.45, 50, 60, 0.46423529143060354],
      [0.999, 5, 0.5, 0.9222819921009668],
    ];
    for (const [x, a, b, ref] of cases) expect(rel(regularizedBeta(x, a, b), ref)).toBeLessThan(1e-12);
  });
  it("one large and one small parameter (the Student-t regime) keeps relative precision", () => {
    // mpmath.betainc(a, b, 0, x, regularized=True), mpmath 1.3.0 at mp.dps = 60 (same to 40 digits at 40).
    // Before the BGRAT expansion and the logBeta fix, (0.99999, 5e5, 0.5) and (1e-7, 0.5, 5e5) were off by 2e-10.
    const cases: [x: number, a: number, b: number, ref: number][] = [
      [0.95, 50, 0.5, 0.023872705496990748], [0.999, 500, 0.5, 0.31731044730971714],
      [0.99999, 5e5, 0.5, 0.0015653640065981889], [0.9999, 1e4, 0.5, 0.1572940177633515],
      [0.8, 20, 1, 0.011529215046068483], // = 0.8^20
      [0.9, 100, 0.3, 1.6728544504068264e-6], [0.01, 0.5, 50, 0.6826956021258024],
      [1e-7, 0.5, 5e5, 0.24817031195240424], [0.2, 0.7, 40, 0.9999467046836387],
      // small results on the small-parameter side must not come from 1 − (something near 1)
      [1e-12, 0.5, 5e5, 0.0007978842283513091], [2e-25, 0.5, 15, 1.9381939576259805e-12], [1e-9, 0.5, 1e6, 0.03567058728273966],
    ];
    for (const [x, a, b, ref] of cases) expect(rel(regularizedBeta(x, a, b), ref), `I_${x}(${a}, ${b})`).toBeLessThan(1e-13);
  });
});

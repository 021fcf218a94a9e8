import { describe, expect, it } from "vitest";
import { logGamma, regularizedGammaP, regularizedGammaQ } from "@/lib/stats/gamma";
import { regularizedBeta } from "@/lib/stats/beta";

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
});

import { describe, expect, it } from "vitest";
import { normCdf, normPdf, normQuantile, normSf } from "@/lib/stats/normal";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("normCdf", () => {
  it("matches mpmath.ncdf (40 digits)", () => {
    const cases: [number, number][] = [
      [-37.5, 4.6053530095819548e-308],
      [-10, 7.6198530241605261e-24],
      [-3, 0.0013498980316300945],
      [-1.96, 0.024997895148220434],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1, 0.84134474606854295],
      [5, 0.99999971334842812],
    ];
    for (const [x, ref] of cases) expect(rel(normCdf(x), ref)).toBeLessThan(1e-13);
  });
  it("upper tail keeps relative precision", () => {
    expect(rel(normSf(10), 7.6198530241605261e-24)).toBeLessThan(1e-13);
  });
  it("pdf integrates to the cdf (Simpson rule, independent of the cdf code)", () => {
    const a = -1.2;
    const b = 0.7;
    const n = 2000;
    const h = (b - a) / n;
    let s = normPdf(a) + normPdf(b);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * normPdf(a + i * h);
    expect((s * h) / 3).toBeCloseTo(normCdf(b) - normCdf(a), 12);
  });
});

describe("normQuantile", () => {
  it("matches R qnorm / mpmath √2·erfinv(2p−1)", () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054], // R: qnorm(0.975)
      [0.995, 2.5758293035489], // R: qnorm(0.995)
      [0.9, 1.2815515655446005],
      [0.3, -0.52440051270804078],
      [0.02425, -1.9729610513118849], // Acklam's region boundary
      [1e-10, -6.3613409024040562],
      // mpmath at the exact binary value of 0.999999 (1 − p = 1.00000000002876e-6 in double)
      [0.999999, 4.7534243088170878],
      [1e-300, -37.047096299361199],
    ];
    for (const [p, ref] of cases) expect(rel(normQuantile(p), ref)).toBeLessThan(1e-12);
    expect(normQuantile(0.5)).toBe(0);
  });
  it("inverts normCdf to ~1e-15 and handles the ends", () => {
    for (const p of [1e-15, 0.001, 0.2, 0.49, 0.51, 0.8, 0.999]) expect(rel(normCdf(normQuantile(p)), p)).toBeLessThan(1e-13);
    expect(normQuantile(0)).toBe(-Infinity);
    expect(normQuantile(1)).toBe(Infinity);
    expect(() => normQuantile(1.2)).toThrow(RangeError);
  });
});

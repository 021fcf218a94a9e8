import { describe, expect, it } from "vitest";
import { tCdf, tPdf, tQuantile, tSf } from "@/lib/stats/student-t";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("Student t distribution", () => {
  it("closed forms for df = 1 (Cauchy) and df = 2", () => {
    for (const t of [-3, -0.4, 0.2, 1, 7]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
    for (const p of [0.01, 0.3, 0.9, 0.999]) {
      expect(rel(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-12);
      expect(rel(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-12);
    }
  });
  it("upper tail matches mpmath (betainc form, 40 digits)", () => {
    const cases: [number, number, number][] = [
      [2, 5, 0.050969739414929178],
      [-1.5, 3, 0.88470806737758847],
      [10, 2.5, 0.0022207478836537124],
      [0.3, 30, 0.3831230526421764],
      [4, 1000, 3.4004959604390789e-5],
    ];
    for (const [t, df, ref] of cases) expect(rel(tSf(t, df), ref)).toBeLessThan(1e-12);
  });
  it("quantiles match R qt / mpmath root-finding", () => {
    // R: qt(0.975, 10) = 2.228138851986274 (mpmath: 2.2281388519862747).
    expect(rel(tQuantile(0.975, 10), 2.2281388519862747)).toBeLessThan(1e-14);
    // The brief quoted qt(0.975, 3) = 3.182446305284263; the df = 3 CDF is elementary,
    // F(t) = 1/2 + (atan(t/√3) + √3·t/(3+t²))/π, and solving it with mpmath gives
    // 3.1824463052837096 (rel. diff 1.7e-13 from the quoted value). We test the closed form.
    expect(rel(tQuantile(0.975, 3), 3.1824463052837096)).toBeLessThan(1e-14);
    const f3 = (t: number) => 0.5 + (Math.atan(t / Math.sqrt(3)) + (Math.sqrt(3) * t) / (3 + t * t)) / Math.PI;
    expect(f3(tQuantile(0.975, 3))).toBeCloseTo(0.975, 15);
    const cases: [number, number, number][] = [
      [0.975, 9, 2.2621571627982055],
      [0.995, 30, 2.7499956535672253],
      [0.9999, 2.5, 34.867969321114773],
      [0.95, 1000, 1.6463788172854647],
    ];
    // 5e-12: lnΓ differences at df = 1000 carry ~1e-13 absolute error.
    for (const [p, df, ref] of cases) expect(rel(tQuantile(p, df), ref)).toBeLessThan(5e-12);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.2281388519862747, 13);
  });
  it("pdf integrates to the cdf (Simpson, df = 4)", () => {
    const n = 2000;
    const a = -0.5;
    const b = 2.5;
    const h = (b - a) / n;
    let s = tPdf(a, 4) + tPdf(b, 4);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * tPdf(a + i * h, 4);
    expect((s * h) / 3).toBeCloseTo(tCdf(b, 4) - tCdf(a, 4), 12);
  });
});

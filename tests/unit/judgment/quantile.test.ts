import { describe, expect, it } from "vitest";
import { newP2, p2Add, p2Value } from "@/lib/judgment/quantile";
import { createRng, normalSampler } from "@/lib/stats/prng";

const relClose = (got: number, want: number, rel: number) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));
};

/** Sample quantile with linear interpolation between order statistics (numpy's default, "type 7"). */
function sampleQuantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

describe("sample quantile helper (the test's own reference)", () => {
  // Guards the reference itself. Python: np.quantile(np.array([3.1,0.2,7.7,1.5,2.2,9.9,4.4,0.05,6.6,5.0,8.1,2.9]), p)
  it("matches numpy's default quantile", () => {
    const a = [3.1, 0.2, 7.7, 1.5, 2.2, 9.9, 4.4, 0.05, 6.6, 5.0, 8.1, 2.9].sort((x, y) => x - y);
    relClose(sampleQuantile(a, 0.5), 3.75, 1e-14);
    relClose(sampleQuantile(a, 0.95), 8.909999999999998, 1e-14);
    relClose(sampleQuantile(a, 0.99), 9.702000000000002, 1e-14);
  });
});

describe("P² (Jain & Chlamtac 1985)", () => {
  // Guards the start-up: no estimate before 5 observations, then the median of the first five.
  it("returns null before 5 observations, then the middle of the sorted first five", () => {
    const s = newP2(0.95);
    for (const x of [5, 1, 4]) {
      p2Add(s, x);
      expect(p2Value(s)).toBeNull();
    }
    p2Add(s, 2);
    expect(p2Value(s)).toBeNull();
    p2Add(s, 3);
    expect(p2Value(s)).toBe(3);
    expect(s.q).toEqual([1, 2, 3, 4, 5]);
  });

  // Guards every step of the algorithm (cell search, position and desired-position increments,
  // the parabolic formula, the linear fallback, the marker-move conditions) exactly, against an
  // independent Python transcription of the paper (1-based in the paper, written 0-based):
  //   def p2(xs, p):
  //       q=sorted(xs[:5]); n=[1,2,3,4,5]; nd=[1,1+2*p,1+4*p,3+2*p,5]; dn=[0,p/2,p,(1+p)/2,1]
  //       for x in xs[5:]:
  //           if x<q[0]: q[0]=x; k=1
  //           elif x<q[1]: k=1
  //           elif x<q[2]: k=2
  //           elif x<q[3]: k=3
  //           elif x<=q[4]: k=4
  //           else: q[4]=x; k=4
  //           for i in range(k,5): n[i]+=1
  //           for i in range(5): nd[i]+=dn[i]
  //           for i in (1,2,3):
  //               d=nd[i]-n[i]
  //               if (d>=1 and n[i+1]-n[i]>1) or (d<=-1 and n[i-1]-n[i]<-1):
  //                   d=1 if d>0 else -1
  //                   qp=q[i]+d/(n[i+1]-n[i-1])*((n[i]-n[i-1]+d)*(q[i+1]-q[i])/(n[i+1]-n[i])
  //                                              +(n[i+1]-n[i]-d)*(q[i]-q[i-1])/(n[i]-n[i-1]))
  //                   q[i] = qp if q[i-1]<qp<q[i+1] else q[i]+d*(q[i+d]-q[i])/(n[i+d]-n[i])
  //                   n[i]+=d
  //       return q, n
  //   xs=[((i*7919)%1009)**2/1000 for i in range(1,301)]        # distinct, right-skewed
  const xs = Array.from({ length: 300 }, (_, k) => ((((k + 1) * 7919) % 1009) ** 2) / 1000);
  const REF: Record<string, { q: number[]; n: number[]; at: Record<number, number> }> = {
    "0.5": {
      q: [0.001, 59.479154495075484, 251.0253284504327, 582.6455390604926, 1012.036],
      n: [1, 75, 150, 225, 300],
      at: { 5: 302.5, 6: 302.5, 7: 302.5, 10: 434.05608333333333, 50: 278.28859038821, 300: 251.0253284504327 },
    },
    "0.9": {
      q: [0.001, 199.6358997398551, 810.693681269228, 905.9343389072218, 1012.036],
      n: [1, 135, 270, 285, 300],
      at: { 5: 302.5, 6: 302.5, 7: 302.5, 10: 559.0606708333333, 50: 831.6203411100469, 300: 810.693681269228 },
    },
    "0.99": {
      q: [0.001, 244.16601129363272, 983.4232850020425, 994.5896928955692, 1012.036],
      n: [1, 149, 297, 298, 300],
      at: { 5: 302.5, 6: 302.5, 7: 302.5, 10: 559.0606708333333, 50: 904.4970767823779, 300: 983.4232850020425 },
    },
  };
  for (const [p, ref] of Object.entries(REF)) {
    it(`matches the Python transcription exactly at p = ${p}`, () => {
      const s = newP2(Number(p));
      xs.forEach((x, k) => {
        p2Add(s, x);
        const want = ref.at[k + 1];
        if (want !== undefined) relClose(p2Value(s)!, want, 1e-12);
      });
      expect(s.n).toEqual(ref.n);
      for (let i = 0; i < 5; i++) relClose(s.q[i], ref.q[i], 1e-12);
      expect(s.count).toBe(300);
    });
  }

  // The sequence above never needs the linear fallback (the parabolic prediction always stays
  // between the neighbours). Two more sequences from the same Python function do: "mix" (every
  // 7th value ×1000 larger: 40–104 linear moves with d = −1) and "ties" (integers 0..12: linear
  // moves with d = +1 and many ties x = q_i):
  //   ys=[(((i*7919)%1009)**2/1000 if i%7 else ((i*7919)%1009)*1000.0) for i in range(1,301)]
  //   zs=[float((i*7919)%13) for i in range(1,301)]
  const ys = Array.from({ length: 300 }, (_, k) => {
    const i = k + 1;
    const r = (i * 7919) % 1009;
    return i % 7 ? r ** 2 / 1000 : r * 1000;
  });
  const zs = Array.from({ length: 300 }, (_, k) => ((k + 1) * 7919) % 13);
  const MORE: [string, number[], number, number[], number[]][] = [
    ["mix", ys, 0.5, [0.001, 92.44208544787213, 359.1736340986727, 6917.887744394601, 981000.0], [1, 75, 151, 226, 300]],
    ["mix", ys, 0.9, [0.001, 665.2255283939764, 373546.1726863011, 665482.1541186679, 981000.0], [1, 136, 270, 286, 300]],
    ["mix", ys, 0.99, [0.001, 1074.0701573343129, 888371.5849970354, 922019.7002744222, 981000.0], [1, 150, 297, 298, 300]],
    ["ties", zs, 0.5, [0.0, 2.997692828934026, 6.001780713695499, 8.961772648543615, 12.0], [1, 76, 151, 225, 300]],
    ["ties", zs, 0.9, [0.0, 5.009677166697169, 11.003045987538588, 11.99804947297766, 12.0], [1, 136, 271, 285, 300]],
    ["ties", zs, 0.99, [0.0, 6.001451825846165, 11.999998708280728, 11.99999987087701, 12.0], [1, 150, 297, 298, 300]],
  ];
  for (const [name, seq, p, q, n] of MORE) {
    it(`matches the Python transcription exactly on "${name}" at p = ${p} (linear fallback)`, () => {
      const s = newP2(p);
      for (const x of seq) p2Add(s, x);
      expect(s.n).toEqual(n);
      for (let i = 0; i < 5; i++) {
        if (q[i] === 0) expect(s.q[i]).toBe(0);
        else relClose(s.q[i], q[i], 1e-12);
      }
    });
  }

  // Guards accuracy on a realistic heavy-ish tail (latencies are roughly lognormal): P² is an
  // approximation, but on 10,000 lognormal values it is within 2% of the exact sample quantile.
  // Observed for this seed (the first one tried): −0.07%, +1.23%, +1.60% at p = 0.5, 0.95, 0.99.
  // Caveat: over seeds 100–199 the worst errors were 0.6%, 2.6% and 6.8% (2% exceeded in 0%,
  // 3% and 30% of seeds), so at p = 0.99 the 2% margin is a property of this sample, not of P².
  it("is within 2% of the exact sample quantile on 10,000 seeded lognormal values", () => {
    const draw = normalSampler(createRng(8675309));
    const sample = Array.from({ length: 10_000 }, () => Math.exp(draw(0, 1)));
    const sorted = [...sample].sort((a, b) => a - b);
    for (const p of [0.5, 0.95, 0.99]) {
      const s = newP2(p);
      for (const x of sample) p2Add(s, x);
      const exact = sampleQuantile(sorted, p);
      const est = p2Value(s)!;
      expect(Math.abs(est / exact - 1), `p = ${p}: P² ${est} vs exact ${exact}`).toBeLessThan(0.02);
      // The marker invariants hold: ordered heights, extreme markers are the sample extremes,
      // positions strictly increase from 1 to n.
      for (let i = 0; i < 4; i++) {
        expect(s.q[i]).toBeLessThanOrEqual(s.q[i + 1]);
        expect(s.n[i]).toBeLessThan(s.n[i + 1]);
      }
      expect(s.q[0]).toBe(sorted[0]);
      expect(s.q[4]).toBe(sorted[sorted.length - 1]);
      expect(s.n[4]).toBe(10_000);
    }
  });
});

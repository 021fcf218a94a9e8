// A streaming quantile estimate in constant space: the P² algorithm (Jain & Chlamtac, 1985).
// It only needs to be predictable (read before each batch, updated after), not exact: latency
// checks compare each pair with a threshold taken from it, and any predictable threshold keeps
// the test valid.
export interface P2State {
  p: number;
  /** Marker heights q, positions n (1-based), desired positions d; the first 5 observations until full. */
  q: number[];
  n: number[];
  d: number[];
  count: number;
}

export function newP2(p: number): P2State {
  return { p, q: [], n: [1, 2, 3, 4, 5], d: [1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5], count: 0 };
}

const INCREMENTS = (p: number) => [0, p / 2, p, (1 + p) / 2, 1];

export function p2Add(s: P2State, x: number): void {
  s.count++;
  if (s.count <= 5) {
    s.q.push(x);
    if (s.count === 5) s.q.sort((a, b) => a - b);
    return;
  }
  const q = s.q;
  let k: number;
  if (x < q[0]) {
    q[0] = x;
    k = 0;
  } else if (x >= q[4]) {
    q[4] = x;
    k = 3;
  } else {
    k = 0;
    while (k < 3 && x >= q[k + 1]) k++;
  }
  for (let i = k + 1; i < 5; i++) s.n[i]++;
  const inc = INCREMENTS(s.p);
  for (let i = 0; i < 5; i++) s.d[i] += inc[i];
  for (let i = 1; i <= 3; i++) {
    const di = s.d[i] - s.n[i];
    if ((di >= 1 && s.n[i + 1] - s.n[i] > 1) || (di <= -1 && s.n[i - 1] - s.n[i] < -1)) {
      const sign = di >= 0 ? 1 : -1;
      const parabolic =
        q[i] +
        (sign / (s.n[i + 1] - s.n[i - 1])) *
          ((s.n[i] - s.n[i - 1] + sign) * ((q[i + 1] - q[i]) / (s.n[i + 1] - s.n[i])) +
            (s.n[i + 1] - s.n[i] - sign) * ((q[i] - q[i - 1]) / (s.n[i] - s.n[i - 1])));
      if (q[i - 1] < parabolic && parabolic < q[i + 1]) q[i] = parabolic;
      else q[i] = q[i] + (sign * (q[i + sign] - q[i])) / (s.n[i + sign] - s.n[i]);
      s.n[i] += sign;
    }
  }
}

/** The current estimate; null before five observations. */
export function p2Value(s: P2State): number | null {
  if (s.count < 5) return null;
  return s.q[2];
}

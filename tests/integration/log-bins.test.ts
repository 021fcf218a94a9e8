// The log2 histogram bins agree everywhere: the TypeScript functions (lib/stats/log-bins.ts),
// the SQL helpers (clickhouse/log-bins.ts) and the expressions the migrations apply (read from
// the files, so they cannot drift), run on the embedded ClickHouse over the same doubles.
import { describe, expect, it } from "vitest";
import { db } from "@/clickhouse/client";
import { latencyBinSql, signedBinSql } from "@/clickhouse/log-bins";
import { loadMigrations } from "@/clickhouse/migrate";
import { binLowerEdge, latencyBin, signedBin } from "@/lib/stats/log-bins";
import { createRng } from "@/lib/stats/prng";

const migrations = loadMigrations().map((m) => m.sql).join("\n");
const LATENCY = /toUInt16\(least\(\d+, floor\(log2\(1 \+ ([\w.]+)\) \* \d+\)\)\)/g;
const SIGNED = /toInt16\(sign\(([\w.]+)\) \* least\(\d+, floor\(log2\(1 \+ abs\(\1\)\) \* \d+\)\)\)/g;
const latencyExprs = [...migrations.matchAll(LATENCY)].map((m) => ({ text: m[0], col: m[1] }));
const signedExprs = [...migrations.matchAll(SIGNED)].map((m) => ({ text: m[0], col: m[1] }));

function values(): number[] {
  const xs = [0, 1e-300, Number.MIN_VALUE, 1e-9, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.999, 1, 1.5, 2, 3, 7, 1000, 86_400_000];
  // Exact powers of two minus one (bin edges at multiples of 32), and their neighbours.
  for (let k = 0; k <= 1023; k += k < 64 ? 1 : 37) xs.push(2 ** k - 1, 2 ** k, (2 ** k - 1) * (1 + 1e-15));
  // Computed lower edges of every 7th bin: floating error would show here first.
  for (let b = 0; b < 32_800; b += 97) xs.push(binLowerEdge(b));
  // Huge: Number.MAX_VALUE lands past the Int16 cap; Infinity past the UInt16 cap.
  xs.push(1e300, 2 ** 1023, Number.MAX_VALUE, Infinity);
  const rng = createRng(20261101);
  for (let i = 0; i < 200; i++) xs.push(Math.exp(rng.next() * 60 - 20));
  return xs;
}

// The doubles travel as their bit patterns: exact, with no decimal parsing and no ±inf spelling.
const bits = (xs: number[]) => Array.from(new BigUint64Array(Float64Array.from(xs).buffer), String);

async function sqlBins(expr: (col: string) => string, xs: number[]): Promise<number[]> {
  const r = await (await db()).query({
    query: `SELECT arrayMap(x -> ${expr("x")}, arrayMap(b -> reinterpretAsFloat64(toUInt64(b)), {xs:Array(String)})) AS bins`,
    query_params: { xs: bits(xs) },
    format: "JSONEachRow",
  });
  const [row] = await r.json<{ bins: number[] }>();
  return row.bins.map(Number);
}

/** An extracted migration expression, as a function of a column, like the helpers. */
const fromMigration = (e: { text: string; col: string }) => (col: string) => e.text.split(e.col).join(col);

describe("log2 bins", () => {
  const nonNegative = values();
  const signed = [...nonNegative, ...nonNegative.map((x) => -x)];

  it("finds every bin expression of the migrations, and they are the helpers' SQL", () => {
    // 0002: request_minute from events and from metrics; drift_minute from events.
    expect(latencyExprs.map((e) => e.col)).toEqual(["latency_ms", "m"]);
    expect(signedExprs.map((e) => e.col)).toEqual(["feat.2"]);
    // No other log2 in the migrations' statements escapes this test.
    const code = migrations.split("\n").filter((l) => !l.trimStart().startsWith("--")).join("\n");
    expect(code.match(/log2\(/g)!.length).toBe(latencyExprs.length + signedExprs.length);
    for (const e of latencyExprs) expect(e.text).toBe(latencyBinSql(e.col));
    for (const e of signedExprs) expect(e.text).toBe(signedBinSql(e.col));
  });

  it("hits the caps and the edge cases it means to", () => {
    expect(latencyBin(Infinity)).toBe(65535);
    expect(signedBin(Number.MAX_VALUE)).toBe(32767);
    expect(signedBin(-Infinity)).toBe(-32767);
    expect(nonNegative.length + signed.length).toBeGreaterThan(600);
  });

  it("latency bins: SQL equals latencyBin for every value", async () => {
    const want = nonNegative.map(latencyBin);
    expect(await sqlBins(latencyBinSql, nonNegative)).toEqual(want);
    for (const e of latencyExprs) expect(await sqlBins(fromMigration(e), nonNegative)).toEqual(want);
  });

  it("signed drift bins: SQL equals signedBin for every value, negatives included", async () => {
    const want = signed.map(signedBin);
    expect(await sqlBins(signedBinSql, signed)).toEqual(want);
    for (const e of signedExprs) expect(await sqlBins(fromMigration(e), signed)).toEqual(want);
  });
});

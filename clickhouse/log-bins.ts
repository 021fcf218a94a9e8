// SQL for the log2 histogram bins of lib/stats/log-bins.ts, for queries that bin at read time.
// Migration 0002 spells the same expressions out (applied SQL cannot change); the integration
// test tests/integration/log-bins.test.ts checks they are these, and that they match the TS.
import { BINS_PER_OCTAVE, LATENCY_BIN_MAX, SIGNED_BIN_MAX } from "@/lib/stats/log-bins";

/** latencyBin(col) as a UInt16. `col` is a column or expression, never a value. */
export const latencyBinSql = (col: string): string =>
  `toUInt16(least(${LATENCY_BIN_MAX}, floor(log2(1 + ${col}) * ${BINS_PER_OCTAVE})))`;

/** signedBin(col) as an Int16. `col` is a column or expression, never a value. */
export const signedBinSql = (col: string): string =>
  `toInt16(sign(${col}) * least(${SIGNED_BIN_MAX}, floor(log2(1 + abs(${col})) * ${BINS_PER_OCTAVE})))`;

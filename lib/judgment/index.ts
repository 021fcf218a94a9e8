// The judgment: anytime-valid monitoring of a canary against its baseline, per (cell, check).
// Pure: no I/O and no clock; the evaluator (server/workers/evaluator.ts) feeds it and persists it.
export * from "./types";
export * from "./records";
export * from "./cells";
export * from "./checks";
export * from "./state";
export * from "./step";
export * from "./verdict";
export * from "./reason";
export { SHARES, cellWeight, anchoredLogThreshold, changeLogThreshold } from "./budget";
export * from "./recovery";

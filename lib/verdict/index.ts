export type * from "./types";
export type * from "./data";
export { judge, type JudgeOptions } from "./judge";
export { decide } from "./rules";
export { etaSeconds } from "./eta";
export { evaluateDeployment, type EvaluateOptions } from "./evaluate";

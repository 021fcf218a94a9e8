export * from "./metrics";
export * from "./schema";
export * from "./parse";
export * from "./default";
export * from "./diff";
export * from "./resolve";

"use client";
// Errors thrown while streaming (e.g. the charts' queries): the same banner as any page's.
export { default } from "../../error";

// Verdict statuses in words, as shapes, and in order of severity.
import type { Status } from "@/lib/judgment/types";

export const STATUS_WORD: Record<Status, string> = {
  pass: "pass",
  fail: "fail",
  marginal: "marginal",
  inconclusive: "inconclusive",
  insufficient_data: "insufficient data",
};

export const STATUS_ICON: Record<Status, string> = { pass: "✓", fail: "✕", marginal: "!", inconclusive: "…", insufficient_data: "?" };

/** Worst first: fail, marginal, inconclusive, insufficient data, pass. */
export const STATUS_RANK: Record<Status, number> = { fail: 0, marginal: 1, inconclusive: 2, insufficient_data: 3, pass: 4 };

// zod schemas for the query parameters the API routes share. Each check is the one in
// lib/time/window.ts, so a mistake reads the same wherever it is made and names the parameter.
import { z } from "zod";
import { isDomainError } from "@/lib/errors";
import { parseLimit, parseTime, windowProblem } from "@/lib/time/window";

/** A parameter parsed by a lib function that throws our own ValidationError. */
function checkedBy<T>(parse: (text: string | undefined) => T) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parse(text);
      } catch (err) {
        if (!isDomainError(err)) throw err;
        ctx.addIssue({ code: "custom", message: err.message });
        return z.NEVER;
      }
    });
}

/** An optional instant: ISO time, epoch ms, or relative ("15m"), between 1970 and 2299. */
export const timeParam = (name: string) => checkedBy((text) => parseTime(name, text, Date.now()));

/** ?<name>= a whole number of at least 1, cut to `max`; `fallback` when absent. */
export const limitParam = (name: string, fallback: number, max: number) => checkedBy((text) => parseLimit(name, text, fallback, max));

/** Optional text, '' when absent, at most `max` characters. */
export const textParam = (name: string, max: number) => z.string().max(max, { message: `${name} must be at most ${max} characters` }).optional().transform((v) => v ?? "");

/** ?from=&to=: from before to, to at most a day ahead. Spread into a query object, then refine with `windowOrder`. */
export const windowParams = { from: timeParam("from"), to: timeParam("to") };

export function windowOrder(q: { from?: number; to?: number }, ctx: z.RefinementCtx): void {
  const problem = windowProblem(q.from, q.to, Date.now());
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}

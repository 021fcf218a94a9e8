// Which disagreement examples a slice page lists, from its query parameters: a check filter
// (?dcheck=exact|token|kl|score with a threshold ?dx=) and the page (?dpage=). Parsed with zod,
// leniently: an unusable value falls back to its default, so a hand-edited URL still shows a page.
import { z } from "zod";
import { first, type SearchParams } from "./range";

export const PAGE_SIZE = 20;
/** The pages reach back over at most this many of the newest comparisons that pass the filter. */
export const SCAN = 5000;
export const MAX_PAGE = SCAN / PAGE_SIZE;

export const CHECKS = ["all", "exact", "token", "kl", "score"] as const;
export type DisagreementCheck = (typeof CHECKS)[number];

/** The threshold each check filter starts from, and what it means. */
export const CHECK_FILTERS: Record<DisagreementCheck, { label: string; x: number | null }> = {
  all: { label: "all comparisons", x: null },
  exact: { label: "exact match fails", x: null },
  token: { label: "token agreement below", x: 0.5 },
  kl: { label: "KL above", x: 0.1 },
  score: { label: "task score dropped by more than", x: 0 },
};

export interface DisagreementQuery {
  check: DisagreementCheck;
  /** The check's threshold (token agreement in [0, 1], KL in nats, score drop in score units); 0 when it has none. */
  x: number;
  page: number;
  offset: number;
  limit: number;
}

const schema = z.object({
  dcheck: z.enum(CHECKS).catch("all"),
  dx: z.coerce.number().finite().min(-1).max(1000).optional().catch(undefined),
  dpage: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
});

export function disagreementQuery(sp: SearchParams): DisagreementQuery {
  const p = schema.parse({ dcheck: first(sp.dcheck) ?? "all", dx: first(sp.dx) || undefined, dpage: first(sp.dpage) ?? 1 });
  const x = CHECK_FILTERS[p.dcheck].x === null ? 0 : (p.dx ?? CHECK_FILTERS[p.dcheck].x!);
  return { check: p.dcheck, x, page: p.dpage, offset: (p.dpage - 1) * PAGE_SIZE, limit: PAGE_SIZE };
}

/** The page's query string with the filter and page changed (the other parameters kept). */
export function disagreementHref(sp: SearchParams, change: Partial<{ dcheck: DisagreementCheck; dx: number | null; dpage: number }>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    const s = first(v);
    if (s !== undefined && !["dcheck", "dx", "dpage"].includes(k)) q.set(k, s);
  }
  const cur = disagreementQuery(sp);
  const check = change.dcheck ?? cur.check;
  const x = change.dx !== undefined ? change.dx : check === cur.check && CHECK_FILTERS[check].x !== null ? cur.x : null;
  const page = change.dpage ?? 1;
  if (check !== "all") q.set("dcheck", check);
  if (x !== null && CHECK_FILTERS[check].x !== null && x !== CHECK_FILTERS[check].x) q.set("dx", String(x));
  if (page > 1) q.set("dpage", String(page));
  const s = q.toString();
  return s ? `?${s}` : "?";
}

// The frame every chart shares: title, note, the failing mark, and the empty state when the window has no data.
import type { ReactNode } from "react";

export interface ChartMark {
  /** The worst status of the checks this chart shows, in the cell charted. */
  status: "fail" | "marginal";
  /** The metrics that fail or are marginal. */
  metrics: string[];
}

export function ChartFrame({ title, note, testId, points, empty, height, mark, attrs, children }: { title: string; note?: string; testId: string; points: number; empty: boolean; height: string; mark?: ChartMark | null; attrs?: Record<string, string | number>; children: ReactNode }) {
  const border = mark?.status === "fail" ? "border-2 border-orange-500" : mark?.status === "marginal" ? "border-2 border-yellow-500" : "border border-slate-200";
  return (
    <figure className={`rounded-lg bg-white p-3 ${border}`} data-testid={testId} data-points={points} data-failing={mark ? mark.status : undefined} {...attrs}>
      <figcaption className="flex flex-wrap items-baseline gap-2 text-sm font-medium text-slate-800">
        {mark && (
          <span className={`rounded border px-1.5 text-xs font-semibold ${mark.status === "fail" ? "border-orange-500 bg-orange-100 text-orange-900" : "border-yellow-500 bg-yellow-50 text-yellow-900"}`} data-testid="chart-mark">
            <span aria-hidden>{mark.status === "fail" ? "✕ " : "! "}</span>
            {mark.status === "fail" ? "failing" : "marginal"}: {mark.metrics.join(", ")}
          </span>
        )}
        <span>{title}</span>
      </figcaption>
      {note && <p className="text-xs text-slate-500">{note}</p>}
      {empty ? <p className={`mt-2 flex ${height} items-center justify-center rounded border border-dashed border-slate-200 text-xs text-slate-500`}>no data in this window</p> : children}
    </figure>
  );
}

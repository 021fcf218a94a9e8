// The frame every chart shares: title, note, and the empty state when the window has no data.
import type { ReactNode } from "react";

export function ChartFrame({ title, note, testId, points, empty, height, children }: { title: string; note?: string; testId: string; points: number; empty: boolean; height: string; children: ReactNode }) {
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId} data-points={points}>
      <figcaption className="text-sm font-medium text-slate-800">{title}</figcaption>
      {note && <p className="text-xs text-slate-500">{note}</p>}
      {empty ? <p className={`mt-2 flex ${height} items-center justify-center rounded border border-dashed border-slate-200 text-xs text-slate-500`}>no data in this window</p> : children}
    </figure>
  );
}

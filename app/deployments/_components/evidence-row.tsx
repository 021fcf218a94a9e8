"use client";
// A row of the comparison table whose metric cells open their check's evidence in place: a
// button per cell (keyboard and touch, aria-expanded) opens a full-width row beneath it.
import { Fragment, useId, useState, type ReactNode } from "react";
import type { Status } from "@/lib/judgment/types";
import type { Metric } from "@/lib/policy";
import type { EvidenceView } from "@/lib/view/evidence";
import { StatusMark } from "@/app/_components/status";
import { EvidencePanel } from "./evidence-panel";

export interface CellFace {
  metric: Metric;
  label: string;
  status: Status;
  main: string;
  sub: string;
  feature?: string;
  evidence: EvidenceView;
}

export function EvidenceRow({
  lead,
  cells,
  colSpan,
  rowProps,
}: {
  lead: ReactNode;
  cells: (CellFace | null)[];
  colSpan: number;
  rowProps: { className: string; "data-testid": string; "data-value": string; "data-status": string };
}) {
  const [open, setOpen] = useState<Metric | null>(null);
  const id = useId();
  const shown = cells.find((c) => c && c.metric === open) ?? null;
  return (
    <Fragment>
      <tr {...rowProps}>
        {lead}
        {cells.map((c, i) =>
          c === null ? (
            <td key={i} className="px-1 py-1.5 text-center text-slate-400" title="no check covers this cell">–</td>
          ) : (
            <td key={i} className="whitespace-nowrap px-1 py-1.5 align-top" data-metric={c.metric} data-status={c.status}>
              <button
                type="button"
                aria-expanded={open === c.metric}
                aria-controls={`${id}-evidence`}
                aria-label={`${c.label} ${c.main}: evidence`}
                title={c.evidence.reason}
                onClick={() => setOpen((o) => (o === c.metric ? null : c.metric))}
                className={`flex items-center gap-1 rounded px-0.5 text-left focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${open === c.metric ? "bg-blue-50 ring-1 ring-blue-300" : "hover:bg-slate-100"}`}
                data-testid="cell-evidence-toggle"
              >
                <StatusMark status={c.status} />
                <span className="whitespace-nowrap font-medium tabular-nums">{c.main}</span>
              </button>
              {/* A long sub-line (a drift feature's name) is cut, whole in the title: columns stay narrow enough for 1280 px. */}
              <div className="max-w-[6.5rem] truncate whitespace-nowrap text-[11px] leading-tight text-slate-500 tabular-nums" title={c.sub}>{c.sub}</div>
            </td>
          ),
        )}
      </tr>
      {shown && (
        <tr className="bg-blue-50/40" data-testid="evidence-row" data-metric={shown.metric}>
          <td colSpan={colSpan} id={`${id}-evidence`} className="px-3 py-2">
            <div className="flex items-start gap-3">
              <p className="w-36 shrink-0 text-xs font-semibold text-slate-700">{shown.label}{shown.feature ? ` · ${shown.feature}` : ""}</p>
              <div className="min-w-0 flex-1"><EvidencePanel v={shown.evidence} metric={shown.metric} feature={shown.feature} /></div>
              <button type="button" onClick={() => setOpen(null)} className="text-xs text-slate-500 hover:underline">close</button>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

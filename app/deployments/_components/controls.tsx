"use client";
// Range picker and dimension select: state lives in the URL (router.replace, no reload), so the
// 10-second auto-refresh (router.refresh) keeps the selection.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";

const RANGES = ["15m", "1h", "6h", "24h", "7d"];

export interface ControlsProps {
  range: string;
  from?: string;
  to?: string;
  /** Omitted on pages without a dimension choice. */
  dimensions?: string[];
  dim?: string;
}

const localInput = (iso?: string) => {
  if (!iso) return "";
  const t = /^\d{10,16}$/.test(iso) ? Number(iso) : Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 16) : "";
};

export function Controls({ range, from, to, dimensions, dim }: ControlsProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [customFrom, setCustomFrom] = useState(localInput(from));
  const [customTo, setCustomTo] = useState(localInput(to));

  const go = (change: Record<string, string | null>) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(change)) {
      if (v === null || v === "") q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString();
    startTransition(() => router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false }));
  };

  const applyCustom = (e: React.FormEvent) => {
    e.preventDefault();
    if (!customFrom) return;
    // datetime-local values are read as UTC (the dashboard shows UTC throughout).
    go({ range: null, from: `${customFrom}:00Z`, to: customTo ? `${customTo}:00Z` : null });
  };

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="controls" aria-busy={pending}>
      <div role="group" aria-label="time range" className="inline-flex overflow-hidden rounded border border-slate-300 bg-white">
        {RANGES.map((r) => (
          <button
            key={r}
            type="button"
            data-testid={`range-${r}`}
            aria-pressed={range === r}
            onClick={() => go({ range: r, from: null, to: null })}
            className={`border-r border-slate-200 px-2.5 py-1 last:border-r-0 ${range === r ? "bg-slate-800 font-medium text-white" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {r}
          </button>
        ))}
      </div>
      <form onSubmit={applyCustom} className="flex items-center gap-1" aria-label="custom range">
        <label className="sr-only" htmlFor="range-from">from (UTC)</label>
        <input id="range-from" type="datetime-local" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} className="rounded border border-slate-300 px-1.5 py-0.5 text-xs" />
        <span className="text-slate-500">–</span>
        <label className="sr-only" htmlFor="range-to">to (UTC)</label>
        <input id="range-to" type="datetime-local" value={customTo} onChange={(e) => setCustomTo(e.target.value)} className="rounded border border-slate-300 px-1.5 py-0.5 text-xs" />
        <button type="submit" className={`rounded border px-2 py-0.5 text-xs ${range === "custom" ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}>
          UTC range
        </button>
      </form>
      {dimensions && dimensions.length > 0 && (
        <label className="flex items-center gap-2">
          <span className="text-slate-600">slice by</span>
          <select
            data-testid="dimension-select"
            value={dim}
            onChange={(e) => go({ dim: e.target.value })}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {dimensions.map((d) => (
              <option key={d} value={d}>{d}</option>
            ))}
          </select>
        </label>
      )}
      {pending && <span className="text-xs text-slate-500">loading…</span>}
    </div>
  );
}

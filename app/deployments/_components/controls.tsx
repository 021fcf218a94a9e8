"use client";
// Range picker and dimension select: state lives in the URL (router.replace, no reload), so the
// 10-second auto-refresh (router.refresh) keeps the selection. The custom range is typed as
// 24-hour 'YYYY-MM-DD HH:MM' in the viewer's zone (text inputs: a browser's datetime-local shows
// its own locale's 12-hour clock); the URL carries UTC ISO.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { instant, parseWallClock, urlInstant, wallClockText, WALL_CLOCK_PATTERN, WALL_CLOCK_PLACEHOLDER, zoneLabel } from "@/lib/view/time";
import { useTimeZone } from "@/app/_components/time";

const RANGES = ["15m", "1h", "6h", "24h", "7d"];

export interface ControlsProps {
  range: string;
  from?: string;
  to?: string;
  /** Omitted on pages without a dimension choice. */
  dimensions?: string[];
  dim?: string;
}

/** The URL's from/to (ISO or epoch ms) as the input's text in the zone. */
const inputText = (value: string | undefined, zone: string) => (value ? wallClockText(/^\d{10,16}$/.test(value) ? Number(value) : instant(value), zone) : "");

export function Controls({ range, from, to, dimensions, dim }: ControlsProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const { zone } = useTimeZone();
  const [custom, setCustom] = useState({ zone, from: inputText(from, zone), to: inputText(to, zone) });
  // A switch of zone rewrites the inputs in the new zone (the URL's UTC range is unchanged).
  if (custom.zone !== zone) setCustom({ zone, from: inputText(from, zone), to: inputText(to, zone) });
  const [invalid, setInvalid] = useState("");
  const label = zoneLabel(zone, Date.now());

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
    const f = parseWallClock(custom.from, zone);
    const t = custom.to.trim() ? parseWallClock(custom.to, zone) : null;
    if (f === null || (custom.to.trim() && t === null)) return setInvalid(`type times as ${WALL_CLOCK_PLACEHOLDER} (24-hour, ${label})`);
    setInvalid("");
    go({ range: null, from: urlInstant(f), to: t === null ? null : urlInstant(t) });
  };
  const input = (which: "from" | "to") => (
    <input
      id={`range-${which}`}
      type="text"
      inputMode="numeric"
      pattern={WALL_CLOCK_PATTERN}
      placeholder={WALL_CLOCK_PLACEHOLDER}
      required={which === "from"}
      value={custom[which]}
      onChange={(e) => setCustom({ ...custom, [which]: e.target.value })}
      className="w-[9.5rem] rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-xs tabular-nums"
      data-testid={`range-${which}`}
      title={`${WALL_CLOCK_PLACEHOLDER}, 24-hour, ${label}`}
    />
  );

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
      <form onSubmit={applyCustom} noValidate className="flex items-center gap-1" aria-label="custom range">
        <label className="sr-only" htmlFor="range-from">from ({label})</label>
        {input("from")}
        <span className="text-slate-500">–</span>
        <label className="sr-only" htmlFor="range-to">to ({label})</label>
        {input("to")}
        <span className="text-xs text-slate-500" data-testid="range-zone">{label}</span>
        <button type="submit" data-testid="range-apply" className={`rounded border px-2 py-0.5 text-xs ${range === "custom" ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}>
          Apply
        </button>
        {invalid && <span role="alert" className="text-xs text-orange-800" data-testid="range-invalid">{invalid}</span>}
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

"use client";
// Every instant on every page: 24-hour, labelled, in the viewer's zone (UTC unless they switched).
// The root layout reads the zone from its cookie, so the server renders what the browser shows.
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useState } from "react";
import { formatTime, instant, TZ_COOKIE, UTC, zoneOf, type TimeFormat } from "@/lib/view/time";

const ZoneContext = createContext<{ zone: string; setZone: (zone: string) => void }>({ zone: UTC, setZone: () => {} });

/** Persists for a year, readable by the server on every request; not sensitive. */
function writeCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

export function TimeZoneProvider({ zone: initial, children }: { zone: string; children: React.ReactNode }) {
  const [zone, setState] = useState(initial);
  const router = useRouter();
  const setZone = useCallback(
    (z: string) => {
      writeCookie(TZ_COOKIE, z);
      setState(z);
      // Times rendered into strings on the server (titles) follow on the next render.
      router.refresh();
    },
    [router],
  );
  return <ZoneContext.Provider value={{ zone, setZone }}>{children}</ZoneContext.Provider>;
}

export const useTimeZone = () => useContext(ZoneContext);

/** An instant (ClickHouse UTC text, ISO, epoch ms) as '2026-12-01 19:42:31 UTC' in the viewer's zone. */
export function Time({ at, className, testId, ...format }: TimeFormat & { at: string | number | Date | null | undefined; className?: string; testId?: string }) {
  const { zone } = useTimeZone();
  const ms = instant(at);
  return (
    <time className={className} data-testid={testId} dateTime={ms === null ? undefined : new Date(ms).toISOString()} title={zone === UTC || ms === null ? undefined : formatTime(ms, UTC, format)} suppressHydrationWarning>
      {formatTime(ms, zone, format)}
    </time>
  );
}

/** The header's switch: UTC ↔ this browser's zone. */
export function TimeZoneSwitch() {
  const { zone, setZone } = useTimeZone();
  const isUtc = zone === UTC;
  return (
    <button
      type="button"
      onClick={() => setZone(isUtc ? zoneOf(Intl.DateTimeFormat().resolvedOptions().timeZone) : UTC)}
      className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
      data-testid="tz-switch"
      data-zone={zone}
      title={isUtc ? "Times are in UTC: show them in this browser's time zone" : `Times are in ${zone}: show them in UTC`}
    >
      {isUtc ? "UTC" : "local"} <span aria-hidden>⇄</span><span className="sr-only"> switch time zone</span>
    </button>
  );
}

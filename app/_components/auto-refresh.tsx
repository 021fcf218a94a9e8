"use client";
// Re-renders the server components every few seconds without a reload, keeping URL state.
// A refresh never overlaps another one, nor a navigation the user started: on a slow server a
// refresh issued during a click's navigation would supersede it, and the click would seem lost.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { formatTime } from "@/lib/view/time";
import { useTimeZone } from "./time";

/** A navigation the user started counts as pending for at most this long. */
const NAVIGATION_GRACE_MS = 60_000;

/** A same-document link or form the app router will handle (not a new tab, download or anchor). */
function startsNavigation(e: Event): boolean {
  if (e.type === "submit") return true;
  const m = e as MouseEvent;
  if (m.defaultPrevented || m.button !== 0 || m.metaKey || m.ctrlKey || m.shiftKey || m.altKey) return false;
  const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!a || a.target || a.hasAttribute("download") || a.origin !== location.origin) return false;
  return a.pathname !== location.pathname || a.search !== location.search;
}

export function AutoRefresh({ seconds = 10 }: { seconds?: number }) {
  const router = useRouter();
  const { zone } = useTimeZone();
  const [at, setAt] = useState(() => Date.now());
  const [refreshing, startRefresh] = useTransition();
  const navigation = useRef<{ from: string; since: number } | null>(null);

  useEffect(() => {
    const onStart = (e: Event) => {
      if (startsNavigation(e)) navigation.current = { from: location.href, since: Date.now() };
    };
    document.addEventListener("click", onStart, true);
    document.addEventListener("submit", onStart, true);
    return () => {
      document.removeEventListener("click", onStart, true);
      document.removeEventListener("submit", onStart, true);
    };
  }, []);

  // The next refresh is scheduled once the previous one has rendered.
  useEffect(() => {
    if (refreshing) return;
    setAt(Date.now());
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const nav = navigation.current;
      if (nav && nav.from === location.href && Date.now() - nav.since < NAVIGATION_GRACE_MS) {
        timer = setTimeout(tick, 1000);
        return;
      }
      navigation.current = null;
      if (document.visibilityState !== "visible") {
        timer = setTimeout(tick, seconds * 1000);
        return;
      }
      startRefresh(() => router.refresh());
    };
    timer = setTimeout(tick, seconds * 1000);
    return () => clearTimeout(timer);
  }, [refreshing, router, seconds]);

  return (
    <span className="whitespace-nowrap text-xs text-slate-500" data-testid="refreshed-at" data-refreshing={refreshing ? "true" : "false"} title={`refreshes every ${seconds} s`} suppressHydrationWarning>
      updated <span data-testid="refreshed-clock" suppressHydrationWarning>{formatTime(at, zone, { date: false })}</span>
    </span>
  );
}

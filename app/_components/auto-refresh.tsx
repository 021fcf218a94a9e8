"use client";
// Re-renders the server components every few seconds without a reload, keeping URL state.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatTime } from "@/lib/view/time";
import { useTimeZone } from "./time";

export function AutoRefresh({ seconds = 10 }: { seconds?: number }) {
  const router = useRouter();
  const { zone } = useTimeZone();
  const [at, setAt] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") {
        router.refresh();
        setAt(Date.now());
      }
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return (
    <span className="whitespace-nowrap text-xs text-slate-500" data-testid="refreshed-at" title={`refreshes every ${seconds} s`} suppressHydrationWarning>
      updated <span data-testid="refreshed-clock" suppressHydrationWarning>{formatTime(at, zone, { date: false })}</span>
    </span>
  );
}

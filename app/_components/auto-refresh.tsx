"use client";
// Re-renders the server components every few seconds without a reload, keeping URL state.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function AutoRefresh({ seconds = 10 }: { seconds?: number }) {
  const router = useRouter();
  const [at, setAt] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") {
        router.refresh();
        setAt(new Date());
      }
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return (
    <span className="text-xs text-slate-500" data-testid="refreshed-at" suppressHydrationWarning>
      auto-refresh {seconds}s · updated {at.toLocaleTimeString()}
    </span>
  );
}

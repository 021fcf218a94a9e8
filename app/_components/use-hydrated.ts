"use client";
// True once the component has hydrated: forms keep their submit buttons disabled until then, so
// a click before hydration cannot fall back to a native submit that drops what was typed.
import { useEffect, useState } from "react";

export function useHydrated(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

"use client";
// The header's light/dark toggle. With no choice made the system preference applies (CSS only, so
// nothing flashes); a choice is a class on <html> now and a cookie the layout renders next time.
import { useEffect, useState } from "react";
import { THEME_COOKIE } from "@/lib/view/theme";

type Theme = "light" | "dark";

function effective(): Theme {
  const c = document.documentElement.classList;
  if (c.contains("dark")) return "dark";
  if (c.contains("light")) return "light";
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(effective()), []);
  const toggle = () => {
    const next: Theme = effective() === "dark" ? "light" : "dark";
    const c = document.documentElement.classList;
    c.remove("light", "dark");
    c.add(next);
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    setTheme(next);
  };
  return (
    <button
      type="button"
      onClick={toggle}
      disabled={theme === null}
      className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
      data-testid="theme-toggle"
      data-theme={theme ?? ""}
      title={theme === "dark" ? "Switch to the light theme" : "Switch to the dark theme"}
    >
      <span aria-hidden>{theme === "dark" ? "☾" : "☀"}</span> {theme ?? "theme"}
    </button>
  );
}

// The light/dark choice: a cookie the root layout renders as <html class>; absent, the system's.
export const THEME_COOKIE = "ql-theme";
export type ThemeChoice = "light" | "dark" | "system";

export function themeOf(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

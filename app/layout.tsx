import "./globals.css";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { TimeZoneProvider } from "@/app/_components/time";
import { THEME_COOKIE, themeOf } from "@/lib/view/theme";
import { TZ_COOKIE, zoneOf } from "@/lib/view/time";

export const metadata: Metadata = {
  title: "Quantlens",
  description: "Canary vs baseline, per slice, for quantized models in production",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, the 404 included: the Content-Security-Policy that proxy.ts
  // sets carries a fresh nonce, and Next.js puts it on its own scripts (read from that header) only
  // when it renders. A page prerendered at build time would carry no nonce and its scripts would be
  // refused. The nonce is not read here: nothing of ours is inline.
  await connection();
  // The viewer's choices, from cookies, so the first paint is right: the theme's class (none: the
  // system's, by CSS) and the time zone every <Time> renders in.
  const jar = await cookies();
  const theme = themeOf(jar.get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={theme === "system" ? undefined : theme}>
      <body className="min-h-screen">
        <TimeZoneProvider zone={zoneOf(jar.get(TZ_COOKIE)?.value)}>{children}</TimeZoneProvider>
      </body>
    </html>
  );
}

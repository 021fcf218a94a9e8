import "./globals.css";
import type { Metadata } from "next";
import { connection } from "next/server";

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
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}

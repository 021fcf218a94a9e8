import "./globals.css";
import type { Metadata } from "next";

export const metadata: Metadata = {
  title: "Quantlens",
  description: "Canary vs baseline, per slice, for quantized models in production",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}

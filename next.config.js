// Headers for every response: pages, API routes, OTLP ingest and static assets. The
// Content-Security-Policy is set per request in proxy.ts (pages need a fresh nonce each time).
const SECURITY_HEADERS = [
  // Answers are what their Content-Type says: a JSON error echoing input is never sniffed as HTML.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Addresses carry deployment and slice names: no referrer to other sites. (Not "no-referrer":
  // browsers then send `Origin: null` on our own form posts, and the cross-site check refuses them.)
  { key: "Referrer-Policy", value: "same-origin" },
  // frame-ancestors 'none' in the CSP; this for browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  // Our windows share no browsing context group with other sites' (no window.opener handle), and
  // other sites cannot embed our responses as images or scripts.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // chdb is a native addon: keep it out of the bundles (see shared STACK notes).
  serverExternalPackages: ["chdb", "protobufjs"],
  poweredByHeader: false,
  // Separate build directories let two builds (e.g. a test run and a developer) coexist.
  distDir: process.env.QUANTLENS_DIST_DIR || ".next",
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};
module.exports = nextConfig;

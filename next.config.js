/** @type {import('next').NextConfig} */
const nextConfig = {
  // chdb is a native addon: keep it out of the bundles (see shared STACK notes).
  serverExternalPackages: ["chdb", "protobufjs"],
  poweredByHeader: false,
  // Separate build directories let two builds (e.g. a test run and a developer) coexist.
  distDir: process.env.QUANTLENS_DIST_DIR || ".next",
  reactStrictMode: true,
};
module.exports = nextConfig;

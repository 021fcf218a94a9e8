/** @type {import('next').NextConfig} */
const nextConfig = {
  // chdb is a native addon: keep it out of the bundles (see shared STACK notes).
  serverExternalPackages: ["chdb", "protobufjs"],
  poweredByHeader: false,
  reactStrictMode: true,
};
module.exports = nextConfig;

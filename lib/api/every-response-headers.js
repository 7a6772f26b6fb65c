// Security headers that never vary, on every response: pages, the API, and
// the build's assets (next.config.js sets them on what Next.js serves;
// scripts/lib/static-assets.ts on the assets it serves itself).
const EVERY_RESPONSE_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

module.exports = { EVERY_RESPONSE_HEADERS };

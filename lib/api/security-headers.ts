// The browser-facing security headers that depend on the request. The ones
// that never change (nosniff, X-Frame-Options, Referrer-Policy, the API's
// CSP) are set for every response in next.config.js.

/** HSTS, sent only on requests that reached the portal over https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * A page's Content-Security-Policy. Scripts run only with this response's
 * nonce (Next.js puts it on its own scripts; 'strict-dynamic' lets them load
 * their chunks). Styles may be inline: Atlaskit and its theme inject <style>
 * elements and style attributes at run time, which cannot carry a nonce.
 */
export function pageContentSecurityPolicy(options: { nonce: string; https: boolean; development: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

import { AppError } from '@/lib/errors';

// Cross-site request forgery: a page on another origin can make the
// browser send a write with the portal's session cookie (SameSite=Lax stops
// other sites, not a page on the same site). Browsers mark where a request
// comes from: Sec-Fetch-Site on every request (modern browsers, and pages
// cannot change it), Origin on every POST, PUT, PATCH and DELETE. A write
// that carries either mark must come from the portal's own origin. A request
// with neither is not from a browser, so it carries no victim's cookie:
// scripts and API clients keep working. A Bearer token is not ambient (a
// page on another origin cannot add the header without a CORS preflight,
// which the portal never grants), so token calls are not checked.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws 403 for a write that a browser sent from a page on another origin. */
export function assertSameOriginWrite(request: Request, portalOrigin: string): void {
  if (SAFE_METHODS.has(request.method) || request.headers.has('authorization')) return;
  const fetchSite = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  // Sec-Fetch-Site is the browser's own verdict; Origin is compared for browsers that do not send it.
  const sameOrigin = fetchSite !== null ? fetchSite === 'same-origin' : origin === null || origin === portalOrigin;
  if (!sameOrigin) {
    throw new AppError(
      'forbidden',
      `Changes are accepted only from the portal's own pages (this request came from ${origin?.slice(0, 200) ?? `a ${fetchSite} page`}), or with an API token in the Authorization header.`,
    );
  }
}

/** Throws 415 unless the request says its body is JSON. */
export function assertJsonBody(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('unsupported_media_type', `Send the body as JSON with Content-Type: application/json${type ? `, not ${type}` : ''}.`);
  }
}

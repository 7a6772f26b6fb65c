// Where to go after sign-in, kept on the portal. A callback URL is parsed the
// way the browser will parse it (backslashes count as slashes, tabs and
// newlines vanish, so "/\evil.example" and "/\t/evil.example" are
// "//evil.example"); anything that does not land on the portal's own origin
// becomes "/". Used by the sign-in page, its form and next-auth's redirect
// callback; browser-safe (no server imports).

const HOME = '/';
const MAX_LENGTH = 2048;

/** The portal path (with query and fragment) that `value` names on `portalOrigin`, or "/" when it would leave. */
export function portalCallbackPath(value: unknown, portalOrigin: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return HOME;
  let url: URL;
  let origin: string;
  try {
    origin = new URL(portalOrigin).origin;
    url = new URL(value, origin);
  } catch {
    return HOME;
  }
  if (url.origin !== origin) return HOME;
  // "https://portal//evil.example" is on the portal, but its path alone would be protocol-relative.
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`;
}

/** The same, as an absolute URL on the portal (next-auth's redirect callback answers with one). */
export function portalCallbackUrl(value: unknown, portalOrigin: string): string {
  return new URL(portalCallbackPath(value, portalOrigin), portalOrigin).href;
}

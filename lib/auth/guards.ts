import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { looksLikeApiToken, viewerOfApiToken } from '@/lib/api-tokens/api-tokens';
import { getViewer, type AdminSite, type Viewer } from '@/lib/auth/viewer';
import { bearerSecret } from '@/lib/tokens/secret-tokens';

// Small guards called by every page, layout and handler. Pages redirect or
// 404; API handlers throw AppError, which the error mapper turns into JSON.

export async function requirePageViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect('/signin');
  return viewer;
}

export async function requireApiViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError('unauthenticated', 'Sign in first.');
  return viewer;
}

/** The site, if the viewer administers it; callers turn null into a 404. */
export function adminSiteOf(viewer: Viewer, siteUrl: string): AdminSite | null {
  return viewer.adminSites.find((s) => s.url === siteUrl) ?? null;
}

/** The Admin Hub's site from its URL segment, percent-encoded as Next hands it over; one that does not decode (%ED%A0%80) is a 404 like any unknown site. */
export async function requirePageSiteAdmin(siteSegment: string): Promise<{ viewer: Viewer; site: AdminSite }> {
  const viewer = await requirePageViewer();
  const siteUrl = decodedSegment(siteSegment);
  const site = siteUrl === null ? null : adminSiteOf(viewer, siteUrl);
  if (!site) notFound();
  return { viewer, site };
}

export async function requirePageVendorMember(): Promise<Viewer> {
  const viewer = await requirePageViewer();
  if (viewer.vendors.length === 0) notFound();
  return viewer;
}

/**
 * For the vendor API: a personal API token (`Authorization: Bearer lsk_…`)
 * or the session. A token acts as its owner's vendor memberships only, never
 * as a site admin.
 */
export async function requireApiCaller(request: Request): Promise<Viewer> {
  const header = request.headers.get('authorization');
  if (!header) return requireApiViewer();
  const secret = bearerSecret(header) ?? '';
  const viewer = looksLikeApiToken(secret) ? await viewerOfApiToken(secret) : null;
  if (!viewer) {
    throw new AppError('unauthenticated', 'The API token is unknown, revoked or expired.', { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  return viewer;
}

function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { pgPool } from '@/lib/db/prisma';

export type LogSource = {
  installationId: string;
  siteUrl: string;
  product: string;
  environment: string;
  appVersion: string;
  organizationId: string;
  siteId: string;
};

export type NotSharedSite = LogSource & { technicalContactEmail: string | null };

/**
 * The installations of one app whose logs the vendor member may read right
 * now (the site shares them and the grant has not expired), and those it may
 * not, with whom to ask. Another vendor's app is a 404; the viewer role sees
 * apps but not production log lines (403).
 */
type SourceRow = {
  app_name: string;
  is_paid: boolean;
  vendor_id: string;
  vendor_name: string;
  installation_id: string | null;
  site_url: string;
  product: string;
  environment: string;
  app_version: string;
  organization_id: string;
  site_id: string;
  technical_contact_email: string | null;
  is_shared: boolean;
};

// One round trip: every page, API call and live-tail poll of the console asks this.
const SOURCES_SQL = `
  SELECT a.name AS app_name, a.is_paid, a.vendor_id, v.name AS vendor_name,
         i.id AS installation_id, s.url AS site_url, i.product, i.environment, i.app_version,
         s.organization_id, i.site_id, o.technical_contact_email,
         EXISTS (SELECT 1 FROM log_access_grants g
                  WHERE g.installation_id = i.id AND g.disabled_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $2)) AS is_shared
    FROM apps a
    JOIN vendors v ON v.id = a.vendor_id
    LEFT JOIN installations i ON i.app_id = a.id AND i.uninstalled_at IS NULL
    LEFT JOIN sites s ON s.id = i.site_id
    LEFT JOIN organizations o ON o.id = s.organization_id
   WHERE a.id = $1
   ORDER BY s.url, i.environment`;

export type AppLogSources = {
  app: { id: string; name: string; isPaid: boolean; vendorId: string; vendorName: string };
  shared: LogSource[];
  notShared: NotSharedSite[];
};

/** The app's live installations and whether each shares now, for any caller: appLogSourcesFor decides what the caller may see. */
export async function queryAppLogSources(appId: string, now = new Date()): Promise<SourceRow[]> {
  // Prepared once per connection (named), as it runs so often.
  const { rows } = await pgPool().query<SourceRow>({ name: 'app-log-sources', text: SOURCES_SQL, values: [appId, now] });
  return rows;
}

export function appLogSourcesFor(viewer: Viewer, appId: string, rows: SourceRow[]): AppLogSources {
  const first = rows[0];
  const membership = first && viewer.vendors.find((v) => v.vendorId === first.vendor_id);
  if (!first || !membership) throw new AppError('not_found', 'No such app.');
  if (membership.role === 'VIEWER') throw new AppError('forbidden', 'Vendor members with the viewer role cannot read production logs.');

  const shared: LogSource[] = [];
  const notShared: NotSharedSite[] = [];
  for (const row of rows) {
    if (!row.installation_id) continue; // an app installed nowhere
    const source: LogSource = {
      installationId: row.installation_id,
      siteUrl: row.site_url,
      product: row.product,
      environment: row.environment,
      appVersion: row.app_version,
      organizationId: row.organization_id,
      siteId: row.site_id,
    };
    if (first.is_paid && row.is_shared) shared.push(source);
    else notShared.push({ ...source, technicalContactEmail: first.is_paid ? row.technical_contact_email : null });
  }
  return { app: { id: appId, name: first.app_name, isPaid: first.is_paid, vendorId: first.vendor_id, vendorName: first.vendor_name }, shared, notShared };
}

export async function findAppLogSources(options: { viewer: Viewer; appId: string; now?: Date }): Promise<AppLogSources> {
  return appLogSourcesFor(options.viewer, options.appId, await queryAppLogSources(options.appId, options.now));
}

/** The sources a console view asks for: its `site` (URLs) and `environment` filters, either optional. */
export function pickLogSources<S extends LogSource>(sources: S[], filters: { site?: string[]; environment?: string }): S[] {
  return sources.filter((s) => (!filters.site || filters.site.includes(s.siteUrl)) && (!filters.environment || s.environment === filters.environment.toUpperCase()));
}

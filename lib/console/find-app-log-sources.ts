import 'server-only';
import { AppError } from '@/lib/errors';
import { canVendorSeeContact, grantIsActiveSql } from '@/lib/auth/permissions';
import { pgPool } from '@/lib/db/prisma';
import { toApiReasonCode } from '@/lib/access-requests/access-request-json';
import type { AccessReasonCode } from '@/lib/generated/prisma/enums';
import type { Justification } from '@/lib/access-requests/justification';
import { storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

export type LogSource = {
  installationId: string;
  siteUrl: string;
  product: string;
  environment: string;
  appVersion: string;
  organizationId: string;
  siteId: string;
  /** Why the site shares, when its grant answered an access request: recorded with every read under it. */
  justification?: Justification;
  /** What the grant lets the vendor see (null: everything); every read of the source applies it. */
  scope: GrantScope | null;
};

export type NotSharedSite = LogSource & { technicalContactEmail: string | null };

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
  reason_code: AccessReasonCode | null;
  ticket_reference: string | null;
  scope: unknown;
};

// One round trip: every page, API call and live-tail poll of the console asks this.
const SOURCES_SQL = `
  SELECT a.name AS app_name, a.is_paid, a.vendor_id, v.name AS vendor_name,
         i.id AS installation_id, s.url AS site_url, i.product, i.environment, i.app_version,
         s.organization_id, i.site_id, o.technical_contact_email,
         ag.id IS NOT NULL AS is_shared, ag.reason_code, ag.ticket_reference, ag.scope
    FROM apps a
    JOIN vendors v ON v.id = a.vendor_id
    LEFT JOIN installations i ON i.app_id = a.id AND i.uninstalled_at IS NULL
    LEFT JOIN sites s ON s.id = i.site_id
    LEFT JOIN organizations o ON o.id = s.organization_id
    LEFT JOIN LATERAL (
      SELECT g.id, g.scope, r.reason_code, r.ticket_reference
        FROM log_access_grants g LEFT JOIN access_requests r ON r.id = g.access_request_id
       WHERE g.installation_id = i.id AND ${grantIsActiveSql('g', '$2')}
       LIMIT 1
    ) ag ON true
   WHERE a.id = $1
   ORDER BY s.url, i.environment`;

export type AppLogSources = {
  app: { id: string; name: string; isPaid: boolean; vendorId: string; vendorName: string };
  shared: LogSource[];
  notShared: NotSharedSite[];
};

/**
 * The live installations of one app whose logs its vendor may read right now
 * (a paid app, an active grant), and those whose logs it may not, with whom
 * to ask. An unknown app is a 404. It does not depend on who asks, so a
 * route may read it while it authenticates the caller; who may see it is
 * requireAppLogReader (lib/auth/permissions.ts), which every caller asks.
 */
export async function findAppLogSources(options: { appId: string; now?: Date }): Promise<AppLogSources> {
  // Prepared once per connection (named), as it runs so often.
  const { rows } = await pgPool().query<SourceRow>({ name: 'app-log-sources', text: SOURCES_SQL, values: [options.appId, options.now ?? new Date()] });
  const first = rows[0];
  if (!first) throw new AppError('not_found', 'No such app.');
  const app = { id: options.appId, name: first.app_name, isPaid: first.is_paid, vendorId: first.vendor_id, vendorName: first.vendor_name };
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
      scope: row.is_shared ? storedGrantScope(row.scope) : null,
      ...(row.reason_code ? { justification: { code: toApiReasonCode(row.reason_code), ticket: row.ticket_reference } } : {}),
    };
    // Logs of paid apps only (requirePaidApp), while a grant is active.
    if (app.isPaid && row.is_shared) shared.push(source);
    else notShared.push({ ...source, technicalContactEmail: canVendorSeeContact(app) ? row.technical_contact_email : null });
  }
  return { app, shared, notShared };
}

/** The sources a console view asks for: its `site` (URLs) and `environment` filters, either optional. */
export function matchingSources<S extends LogSource>(sources: S[], filters: { site?: string[]; environment?: string }): S[] {
  return sources.filter((s) => (!filters.site || filters.site.includes(s.siteUrl)) && (!filters.environment || s.environment === filters.environment.toUpperCase()));
}

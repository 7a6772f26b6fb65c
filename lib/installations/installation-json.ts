import { logAccessState, toApiLogAccess, type ApiLogAccess } from '@/lib/installations/log-access-state';

// The installation as the API serves it.

export type InstallationJson = {
  id: string;
  app: { id: string; name: string; isPaid: boolean };
  vendor: { id: string; name: string };
  site: { id: string; url: string; organizationId: string };
  product: string;
  environment: string;
  appVersion: string;
  installedAt: string;
  logAccess: ApiLogAccess;
};

type Row = {
  id: string;
  product: string;
  environment: string;
  appVersion: string;
  installedAt: Date;
  app: { id: string; name: string; isPaid: boolean; vendor: { id: string; name: string } };
  site: { id: string; url: string; organizationId: string };
  grants: { enabledAt: Date; expiresAt: Date | null; disabledAt: Date | null }[];
};

export function installationJson(row: Row, now: Date): InstallationJson {
  return {
    id: row.id,
    app: { id: row.app.id, name: row.app.name, isPaid: row.app.isPaid },
    vendor: { id: row.app.vendor.id, name: row.app.vendor.name },
    site: { id: row.site.id, url: row.site.url, organizationId: row.site.organizationId },
    product: row.product,
    environment: row.environment,
    appVersion: row.appVersion,
    installedAt: row.installedAt.toISOString(),
    logAccess: toApiLogAccess(logAccessState({ isPaid: row.app.isPaid, grants: row.grants, now })),
  };
}

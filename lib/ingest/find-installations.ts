import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import type { BatchRefs, InstallationRow } from '@/lib/ingest/check-candidates';

/** The installations of the app that a batch names by id or by site, live or not (checkCandidates tells them apart). */
export async function findInstallations(appId: string, refs: BatchRefs): Promise<InstallationRow[]> {
  const { rows } = await pgPool().query<InstallationRow>(
    `SELECT i.id, s.url, i.environment, i.product, i.uninstalled_at
       FROM installations i JOIN sites s ON s.id = i.site_id
      WHERE i.app_id = $1 AND (i.id = ANY($2::text[]) OR s.url = ANY($3::text[]))`,
    [appId, refs.installationIds, refs.siteUrls],
  );
  return rows;
}

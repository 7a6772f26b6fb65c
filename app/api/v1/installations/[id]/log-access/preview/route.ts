import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireAdminAccess, requirePaidApp } from '@/lib/auth/permissions';
import { requireApiInstallation } from '@/lib/installations/find-installation-for-viewer';
import { previewGrantScope } from '@/lib/log-access/preview-grant-scope';
import { logAccessPreviewSchema } from '@/lib/validations/log-access';

export const dynamic = 'force-dynamic';

/** `{ scope }`: what the vendor would see of the last 24 hours under that scope, with what it hides. The site's admins only. */
export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const { installation, access } = await requireApiInstallation(params.id);
  requireAdminAccess(access);
  requirePaidApp(installation.app);
  const input = logAccessPreviewSchema.parse(await readJson(request));
  return NextResponse.json(await previewGrantScope({ installationId: installation.id, scope: input.scope ?? null }));
});

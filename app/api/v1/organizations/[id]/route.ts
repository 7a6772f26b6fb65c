import { NextResponse } from 'next/server';
import { AppError } from '@/lib/api/errors';
import { apiRoute, pathId, readJson, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { updateOrganizationSettings } from '@/lib/organizations/update-organization-settings';
import { organizationSettingsSchema } from '@/lib/validations/installation';

export const dynamic = 'force-dynamic';

/** Organization settings (log-sharing policy, technical contact); organization admins only. */
export const PATCH = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  const roles = viewer.adminSites.filter((s) => s.organizationId === organizationId).map((s) => s.role);
  if (roles.length === 0) throw new AppError('not_found', 'No such organization.');
  if (!roles.includes('ORG_ADMIN')) throw new AppError('forbidden', 'Only organization admins can change organization settings.');
  const settings = organizationSettingsSchema.parse(await readJson(request));
  return NextResponse.json(await updateOrganizationSettings({ organizationId, settings, actor: viewer, meta: requestMeta(request) }));
});

import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireOrganizationAdmin } from '@/lib/auth/permissions';
import { updateOrganizationSettings } from '@/lib/organizations/update-organization-settings';
import { organizationSettingsSchema } from '@/lib/validations/installation';

export const dynamic = 'force-dynamic';

/** Organization settings (log-sharing policy, technical contact); organization admins only. */
export const PATCH = apiRoute<{ id: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const organizationId = pathId(params.id, 'organization');
  requireOrganizationAdmin(viewer, organizationId);
  const settings = organizationSettingsSchema.parse(await readJson(request));
  return NextResponse.json(await updateOrganizationSettings({ organizationId, settings, actor: viewer, meta: requestMeta(request) }));
});

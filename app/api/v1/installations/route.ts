import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { requireSiteAdmin } from '@/lib/auth/permissions';
import { createInstallation } from '@/lib/installations/create-installation';
import { listVisibleInstallations } from '@/lib/installations/list-visible-installations';
import { createInstallationSchema } from '@/lib/validations/installation';

export const dynamic = 'force-dynamic';

/** Installations the caller can see: admins their sites', vendors their apps'. */
export const GET = apiRoute(async () => {
  const viewer = await requireApiViewer();
  return NextResponse.json({ installations: await listVisibleInstallations({ viewer }) });
});

/** Registers an app installed on a site (what the platform's install event does); site admins only. */
export const POST = apiRoute(async (request) => {
  const viewer = await requireApiViewer();
  const input = createInstallationSchema.parse(await readJson(request));
  requireSiteAdmin(viewer, input.siteId);
  const installation = await createInstallation({ ...input, actor: viewer, meta: requestMeta(request) });
  return NextResponse.json({ id: installation.id }, { status: 201 });
});

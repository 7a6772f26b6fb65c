import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireApiCaller } from '@/lib/auth/guards';
import { createSavedView, listSavedViews } from '@/lib/saved-views/saved-views';
import { pathId } from '@/lib/validations/path-id';
import { createSavedViewSchema } from '@/lib/validations/saved-views';

export const dynamic = 'force-dynamic';

/** The app's saved views of the log viewer, shared by its vendor's owners and developers. */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  return NextResponse.json(await listSavedViews({ viewer, appId: pathId(params.appId, 'app') }));
});

/** Saves a view under a name unique within the app → 201, the view. */
export const POST = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  const appId = pathId(params.appId, 'app');
  const input = createSavedViewSchema.parse(await readJson(request));
  return NextResponse.json(await createSavedView({ viewer, appId, name: input.name, view: input.view }), { status: 201 });
});

import { NextResponse } from 'next/server';
import { apiRoute, readJson } from '@/lib/api/route';
import { requireApiCaller } from '@/lib/auth/guards';
import { deleteSavedView, renameSavedView } from '@/lib/saved-views/saved-views';
import { pathId } from '@/lib/validations/path-id';
import { renameSavedViewSchema } from '@/lib/validations/saved-views';

export const dynamic = 'force-dynamic';

type Params = { appId: string; viewId: string };

/** Renames a saved view: `{ name }`. */
export const PATCH = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  const [appId, viewId] = [pathId(params.appId, 'app'), pathId(params.viewId, 'saved view')];
  const input = renameSavedViewSchema.parse(await readJson(request));
  return NextResponse.json(await renameSavedView({ viewer, appId, viewId, name: input.name }));
});

/** Deletes a saved view, whoever of the vendor's owners and developers created it → 204. */
export const DELETE = apiRoute<Params>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  await deleteSavedView({ viewer, appId: pathId(params.appId, 'app'), viewId: pathId(params.viewId, 'saved view') });
  return new Response(null, { status: 204 });
});

import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { pathId } from '@/lib/validations/path-id';
import { requireApiViewer } from '@/lib/auth/guards';
import { createIngestToken, listIngestTokens } from '@/lib/ingest-tokens/ingest-tokens';
import { createIngestTokenSchema } from '@/lib/validations/ingest-tokens';

export const dynamic = 'force-dynamic';

/** The app's ingest tokens (never their secrets) and whether the caller may manage them, for any member of its vendor. */
export const GET = apiRoute<{ appId: string }>(async (_request, params) => {
  const viewer = await requireApiViewer();
  return NextResponse.json(await listIngestTokens({ viewer, appId: pathId(params.appId, 'app') }));
});

/** A new token for one environment; the response is the only time its secret is shown. Owners and developers; session only. */
export const POST = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiViewer();
  const appId = pathId(params.appId, 'app');
  const input = createIngestTokenSchema.parse(await readJson(request));
  const created = await createIngestToken({ viewer, appId, name: input.name, environment: input.environment, meta: requestMeta(request) });
  return NextResponse.json(created, { status: 201 });
});

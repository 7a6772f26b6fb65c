import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { createApiToken, listApiTokens } from '@/lib/api-tokens/api-tokens';
import { requireApiViewer } from '@/lib/auth/guards';
import { createApiTokenSchema } from '@/lib/validations/api-tokens';

export const dynamic = 'force-dynamic';

/** The signed-in person's API tokens (never their secrets). */
export const GET = apiRoute(async () => {
  const viewer = await requireApiViewer();
  return NextResponse.json({ tokens: await listApiTokens(viewer.id) });
});

/** A new token; the response is the only time its secret is shown. Session only: a token cannot mint tokens. */
export const POST = apiRoute(async (request) => {
  const viewer = await requireApiViewer();
  const input = createApiTokenSchema.parse(await readJson(request));
  if (input.expiresAt && input.expiresAt <= new Date()) throw new AppError('unprocessable', 'expiresAt must be in the future.');
  const created = await createApiToken({ user: viewer, name: input.name, expiresAt: input.expiresAt ?? null, meta: requestMeta(request) });
  return NextResponse.json(created, { status: 201 });
});

import { NextResponse } from 'next/server';
import { apiRoute, readJson, requestMeta } from '@/lib/api/route';
import { requireAdminAccess } from '@/lib/auth/permissions';
import { requireApiInstallation } from '@/lib/installations/find-installation-for-viewer';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { getLogAccess } from '@/lib/log-access/get-log-access';
import { logAccessChangeSchema } from '@/lib/validations/log-access';

export const dynamic = 'force-dynamic';

type Params = { id: string };

const load = (params: Params) => requireApiInstallation(params.id);

async function current(installation: { id: string; app: { isPaid: boolean } }, access: 'admin' | 'vendor') {
  return NextResponse.json(await getLogAccess({ installationId: installation.id, isPaid: installation.app.isPaid, access }));
}

/** Current state and the history of grants. */
export const GET = apiRoute<Params>(async (_request, params) => {
  const { installation, access } = await load(params);
  return current(installation, access);
});

/** `{ "enabled": true, "expiresAt"?: ISO-8601 }` shares the logs; `{ "enabled": false }` stops. Idempotent. */
export const PUT = apiRoute<Params>(async (request, params) => {
  const { viewer, installation, access } = await load(params);
  requireAdminAccess(access);
  const change = logAccessChangeSchema.parse(await readJson(request));
  const options = { installationId: installation.id, actor: viewer, meta: requestMeta(request) };
  if (change.enabled) await enableLogAccess({ ...options, expiresAt: change.expiresAt ?? null, ...(change.scope !== undefined ? { grantScope: change.scope } : {}) });
  else await disableLogAccess(options);
  return current(installation, access);
});

/** Stops sharing at once. Idempotent. */
export const DELETE = apiRoute<Params>(async (request, params) => {
  const { viewer, installation, access } = await load(params);
  requireAdminAccess(access);
  await disableLogAccess({ installationId: installation.id, actor: viewer, meta: requestMeta(request) });
  return current(installation, access);
});

import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/prisma';
import type { Environment } from '@/lib/generated/prisma/enums';
import { createIngestToken } from '@/lib/ingest-tokens/ingest-tokens';

// Helpers for the ingest integration tests: demo people as viewers, fresh
// tokens, and a real HTTP server around a route handler for real clients.

export const meta = { ipAddress: '203.0.113.7', userAgent: 'vitest' };

export async function vendorViewer(email: string): Promise<Viewer> {
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { vendorMembers: { include: { vendor: true } } } });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    adminSites: [],
    vendors: user.vendorMembers.map((m) => ({ vendorId: m.vendorId, vendorName: m.vendor.name, role: m.role })),
  };
}

export async function appId(name: string): Promise<string> {
  return (await db().app.findFirstOrThrow({ where: { name } })).id;
}

export async function installationId(appName: string, siteUrl: string, environment: Environment = 'PRODUCTION'): Promise<string> {
  return (await db().installation.findFirstOrThrow({ where: { app: { name: appName }, site: { url: siteUrl }, environment } })).id;
}

/** A new ingest token of the app's vendor (created by its developer), its secret. */
export async function newIngestToken(appName: string, environment: Environment = 'PRODUCTION', developer = 'dev@lumen.example') {
  const created = await createIngestToken({ viewer: await vendorViewer(developer), appId: await appId(appName), name: `t-${Math.random()}`, environment, meta });
  return created;
}

export const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

/** Serves one route handler on a loopback port, as Next would: for clients that speak HTTP themselves. */
export { serveRoute } from '@/lib/api/test-fixtures/serve-route';

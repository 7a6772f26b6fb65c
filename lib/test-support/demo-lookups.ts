import { db } from '@/lib/db/prisma';
import type { Environment } from '@/lib/generated/prisma/enums';

// The demo catalog's apps and installations by their names, for integration tests.

export async function appId(name: string): Promise<string> {
  return (await db().app.findFirstOrThrow({ where: { name } })).id;
}

/** An installation with its app. */
export function installationOf(appName: string, siteUrl: string, environment: Environment = 'PRODUCTION') {
  return db().installation.findFirstOrThrow({ where: { app: { name: appName }, site: { url: siteUrl }, environment }, include: { app: true } });
}

export async function installationId(appName: string, siteUrl: string, environment: Environment = 'PRODUCTION'): Promise<string> {
  return (await installationOf(appName, siteUrl, environment)).id;
}

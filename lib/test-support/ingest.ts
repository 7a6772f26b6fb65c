import type { Environment } from '@/lib/generated/prisma/enums';
import { createIngestToken } from '@/lib/ingest-tokens/ingest-tokens';
import { appId } from '@/lib/test-support/demo-lookups';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// For the tests that send logs: fresh ingest tokens and NDJSON bodies.

/** A new ingest token of the app's vendor (created by its developer), its secret. */
export async function newIngestToken(appName: string, environment: Environment = 'PRODUCTION', developer = 'dev@lumen.example') {
  return createIngestToken({ viewer: await vendorViewer(developer), appId: await appId(appName), name: `t-${Math.random()}`, environment, meta });
}

export const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

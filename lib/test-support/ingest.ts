import { afterAll } from 'vitest';
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

/** Small ingest limits for the calling test file (set before its first request reads them), put back after it. */
export function withSmallIngestLimits(): void {
  const limits = { INGEST_MAX_BODY_BYTES: '65536', INGEST_MAX_LINES: '100', INGEST_REQUESTS_PER_MINUTE: '1000' };
  const saved = Object.fromEntries(Object.keys(limits).map((k) => [k, process.env[k]]));
  Object.assign(process.env, limits);
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });
}

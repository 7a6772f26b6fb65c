import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { authenticateIngestToken, createIngestToken, listIngestTokens, revokeIngestToken } from '@/lib/ingest-tokens/ingest-tokens';
import { hashToken } from '@/lib/tokens/secret-tokens';
import { auditOfActions } from '@/lib/test-support/audit';
import { appId } from '@/lib/test-support/demo-lookups';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// Who may see, create and revoke an app's ingest tokens, and what a token is worth once revoked.

describe('ingest tokens', () => {
  let timesheet: string;
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 0, reset: true });
    timesheet = await appId('Timesheet Pro');
    const lumen = await db().vendor.findUniqueOrThrow({ where: { slug: 'lumen' } });
    const viewer = await db().user.create({ data: { email: 'viewer@lumen.example', name: 'Vera Viewer' } });
    await db().vendorMember.create({ data: { vendorId: lumen.id, userId: viewer.id, role: 'VIEWER' } });
  });

  it('shows the secret once, stores its hash, records who created and revoked it, and stops it at once', async () => {
    const dev = await vendorViewer('dev@lumen.example');
    const { secret, token } = await createIngestToken({ viewer: dev, appId: timesheet, name: 'production sender', environment: 'PRODUCTION', meta });
    expect(secret).toMatch(/^lsi_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'production sender', environment: 'production', prefix: secret.slice(0, 12), createdBy: dev.name, lastUsedAt: null, revokedAt: null });
    const row = await db().ingestToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashToken(secret));
    expect(JSON.stringify(await listIngestTokens({ viewer: dev, appId: timesheet }))).not.toContain(secret);
    expect((await listIngestTokens({ viewer: dev, appId: timesheet })).canManage).toBe(true);

    const windowStart = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    expect(await authenticateIngestToken(secret, { windowStart })).toMatchObject({ tokenId: token.id, appId: timesheet, environment: 'PRODUCTION', appIsPaid: true, requestsThisWindow: 1 });
    expect((await authenticateIngestToken(secret, { windowStart }))?.requestsThisWindow).toBe(2);
    const [listed] = (await listIngestTokens({ viewer: dev, appId: timesheet })).tokens;
    expect(listed?.lastUsedAt).not.toBeNull();

    await revokeIngestToken({ viewer: dev, appId: timesheet, tokenId: token.id, meta });
    expect(await authenticateIngestToken(secret, { windowStart })).toBeNull();
    const audit = await auditOfActions(['INGEST_TOKEN_CREATED', 'INGEST_TOKEN_REVOKED']);
    expect(audit.map((a) => a.action)).toEqual(['INGEST_TOKEN_CREATED', 'INGEST_TOKEN_REVOKED']);
    expect(audit[0]).toMatchObject({ actorUserId: dev.id, vendorId: dev.vendors[0]!.vendorId, ipAddress: meta.ipAddress });
  });

  it('lets viewers list but not create or revoke, hides the app from other vendors, and refuses free apps', async () => {
    const viewer = await vendorViewer('viewer@lumen.example');
    const dev = await vendorViewer('dev@lumen.example');
    const globex = await vendorViewer('dev@globex.example');
    const { token } = await createIngestToken({ viewer: dev, appId: timesheet, name: 'staging', environment: 'STAGING', meta });
    const seen = await listIngestTokens({ viewer, appId: timesheet });
    expect(seen.tokens.map((t) => t.id)).toContain(token.id);
    expect(seen.canManage).toBe(false);
    await expect(createIngestToken({ viewer, appId: timesheet, name: 'x', environment: 'PRODUCTION', meta })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(revokeIngestToken({ viewer, appId: timesheet, tokenId: token.id, meta })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listIngestTokens({ viewer: globex, appId: timesheet })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createIngestToken({ viewer: globex, appId: timesheet, name: 'x', environment: 'PRODUCTION', meta })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revokeIngestToken({ viewer: globex, appId: timesheet, tokenId: token.id, meta })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createIngestToken({ viewer: dev, appId: await appId('Quick Notes'), name: 'x', environment: 'PRODUCTION', meta })).rejects.toMatchObject({ code: 'unprocessable' });
  });
});

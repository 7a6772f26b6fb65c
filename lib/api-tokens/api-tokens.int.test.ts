import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, revokeApiToken, viewerOfApiToken } from '@/lib/api-tokens/api-tokens';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { hashToken } from '@/lib/tokens/secret-tokens';
import { auditOfActions } from '@/lib/test-support/audit';
import { meta, vendorViewer } from '@/lib/test-support/identities';

// Personal API tokens on the token machinery they share with ingest tokens (lib/tokens/).

describe('personal API tokens', () => {
  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 0, reset: true });
  });

  it('act as their owner until revoked; revoking twice is audited once; a stranger cannot revoke them', async () => {
    const user = await vendorViewer('dev@lumen.example');
    const { secret, token } = await createApiToken({ user, name: 'ci', expiresAt: null, meta });
    expect(secret).toMatch(/^lsk_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'ci', prefix: secret.slice(0, 12), expiresAt: null, lastUsedAt: null, revokedAt: null });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).tokenHash).toBe(hashToken(secret));

    // The token is named on the viewer, so its reads are recorded (and grouped into sessions) as the token's.
    expect(await viewerOfApiToken(secret)).toMatchObject({ id: user.id, adminSites: [], apiTokenId: token.id });
    expect((await listApiTokens(user.id)).find((t) => t.id === token.id)?.lastUsedAt).not.toBeNull();

    const stranger = await vendorViewer('dev@globex.example');
    await expect(revokeApiToken({ user: stranger, tokenId: token.id, meta })).rejects.toMatchObject({ code: 'not_found' });

    const revoked = await revokeApiToken({ user, tokenId: token.id, meta });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await revokeApiToken({ user, tokenId: token.id, meta })).toEqual(revoked);
    expect(await viewerOfApiToken(secret)).toBeNull();
    const audit = await auditOfActions(['API_TOKEN_CREATED', 'API_TOKEN_REVOKED']);
    expect(audit.map((a) => a.action)).toEqual([...user.vendors.map(() => 'API_TOKEN_CREATED'), ...user.vendors.map(() => 'API_TOKEN_REVOKED')]);
  });
});

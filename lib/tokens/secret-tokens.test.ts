import { describe, expect, it } from 'vitest';
import { bearerSecret, hashToken, hasTokenShape, lastUseIsStale, lastUseIsStaleSql, mintSecret, mintToken } from '@/lib/tokens/secret-tokens';

describe('secret tokens', () => {
  it('mints 256-bit secrets after the prefix, keeps only their SHA-256 and a 12-character prefix', () => {
    const token = mintToken('lsi_');
    expect(token.secret).toMatch(/^lsi_[A-Za-z0-9_-]{43}$/);
    expect(token.tokenHash).toBe(hashToken(token.secret));
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.prefix).toBe(token.secret.slice(0, 12));
    expect(mintSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mintSecret()).not.toBe(mintSecret());
  });

  it('recognises the shape of a kind of token before any lookup', () => {
    expect(hasTokenShape(mintSecret('lsk_'), 'lsk_')).toBe(true);
    expect(hasTokenShape(mintSecret('lsi_'), 'lsk_')).toBe(false);
    expect(hasTokenShape('lsk_short', 'lsk_')).toBe(false);
  });

  it('reads the credential of a Bearer header, whatever the scheme\'s case', () => {
    expect(bearerSecret('Bearer lsk_abc')).toBe('lsk_abc');
    expect(bearerSecret('bearer   lsk_abc')).toBe('lsk_abc');
    expect(bearerSecret('Basic dXNlcjpwdw==')).toBeNull();
    expect(bearerSecret('Bearer a b')).toBeNull();
    expect(bearerSecret('Bearer ')).toBeNull();
    expect(bearerSecret(null)).toBeNull();
  });

  it('keeps the last use to the minute', () => {
    const now = new Date('2026-12-02T09:00:00.000Z');
    expect(lastUseIsStale(null, now)).toBe(true);
    expect(lastUseIsStale(new Date(now.getTime() - 60_000), now)).toBe(false);
    expect(lastUseIsStale(new Date(now.getTime() - 60_001), now)).toBe(true);
    expect(lastUseIsStaleSql('last_used_at', '$3')).toBe("(last_used_at IS NULL OR last_used_at < $3::timestamptz - interval '60000 milliseconds')");
  });
});

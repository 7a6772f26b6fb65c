import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeaderValue, verifyWebhookSignature, webhookSignature } from '@/lib/webhooks/sign-webhook';

const secret = 'whsec_test-secret';
const body = '{"id":"evt_1","type":"grant.enabled"}';
const t = 1_796_212_800; // 2026-12-02T12:00:00Z
const now = new Date(t * 1000);

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "timestamp.body" in hex, as the README tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(webhookSignature(secret, t, body)).toBe(expected);
    expect(signatureHeaderValue(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies a fresh signature of the same body and secret', () => {
    expect(verifyWebhookSignature({ secret, header: signatureHeaderValue(secret, t, body), body, now })).toBe(true);
  });

  it.each([
    ['another body', { body: `${body} ` }],
    ['another secret', { secret: `${secret}x` }],
    ['a stale timestamp', { now: new Date((t + 301) * 1000) }],
    ['a timestamp from the future', { now: new Date((t - 301) * 1000) }],
  ])('refuses %s', (_name, change) => {
    expect(verifyWebhookSignature({ secret, header: signatureHeaderValue(secret, t, body), body, now, ...change })).toBe(false);
  });

  it.each([null, '', 'v1=abc', `t=${t}`, `t=${t},v1=zz`, `t=x,v1=${webhookSignature(secret, t, body)}`, `t=${t + 1},v1=${webhookSignature(secret, t, body)}`])(
    'refuses the header %s',
    (header) => {
      expect(verifyWebhookSignature({ secret, header, body, now })).toBe(false);
    },
  );

  it('accepts a header with several v1 signatures when one matches (a receiver rotating secrets)', () => {
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${webhookSignature(secret, t, body)}`;
    expect(verifyWebhookSignature({ secret, header, body, now })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { createWebhookSchema } from '@/lib/validations/webhooks';
import { checkWebhookUrl } from '@/lib/webhooks/check-webhook-url';
import { postWebhook } from '@/lib/webhooks/post-webhook';
import { startWebhookReceiver } from '@/lib/test-support/webhook-receiver';

// What a webhook URL may be: the shared schema's shape (400 in the API), the
// server's address rule (422), and the same rule once more when sending.

const production = { allowLoopback: false };
const development = { allowLoopback: true };
/** A fixed DNS for the tests: names and the addresses they resolve to. */
const dns: Record<string, string[]> = {
  'siem.example.com': ['93.184.216.34'],
  'dual.example.com': ['93.184.216.34', '10.0.0.5'],
  'metadata.example.com': ['169.254.169.254'],
  'v6-internal.example.com': ['fd12:3456::1'],
  localhost: ['127.0.0.1', '::1'],
};
const resolve = async (hostname: string) => {
  const addresses = dns[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses;
};

describe('webhook URL shape (shared by the form and the API)', () => {
  const parse = (url: string) => createWebhookSchema.safeParse({ url, eventTypes: ['grant.enabled'] });
  it.each([
    ['https://siem.example.com/logshare', true],
    ['https://siem.example.com:8443/in?source=logshare', true],
    ['http://127.0.0.1:9000/hook', true],
    ['http://localhost/hook', true],
    ['http://[::1]:9000/hook', true],
    ['http://siem.example.com/hook', false],
    ['ftp://siem.example.com/hook', false],
    ['https://user:pass@siem.example.com/hook', false],
    ['https://siem.example.com/hook#frag', false],
    ['siem.example.com/hook', false],
    ['', false],
    [`https://siem.example.com/${'a'.repeat(2000)}`, false],
  ])('%s: %s', (url, ok) => {
    expect(parse(url).success).toBe(ok);
  });

  it('refuses an empty or unknown list of event types', () => {
    expect(createWebhookSchema.safeParse({ url: 'https://siem.example.com', eventTypes: [] }).success).toBe(false);
    expect(createWebhookSchema.safeParse({ url: 'https://siem.example.com', eventTypes: ['grant.everything'] }).success).toBe(false);
  });
});

describe('the server’s address rule', () => {
  const check = (url: string, policy = production) => checkWebhookUrl(url, { policy, resolve });

  it('takes a public https host', async () => {
    await expect(check('https://siem.example.com/logshare')).resolves.toBeUndefined();
    await expect(check('https://93.184.216.34/hook')).resolves.toBeUndefined();
  });

  it.each([
    ['http://127.0.0.1:9000/hook', /https:\/\//],
    ['https://127.0.0.1/hook', /loopback/],
    ['https://localhost/hook', /loopback/],
    ['https://10.1.2.3/hook', /private/],
    ['https://192.168.0.10/hook', /private/],
    ['https://172.16.5.5/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /linkLocal/],
    ['https://100.64.0.1/hook', /carrierGradeNat/],
    ['https://0.0.0.0/hook', /unspecified/],
    ['https://[::1]/hook', /loopback/],
    ['https://[fd00::1]/hook', /uniqueLocal/],
    ['https://[fe80::1]/hook', /linkLocal/],
    ['https://[::ffff:10.0.0.1]/hook', /private/],
    ['https://metadata.example.com/hook', /linkLocal/],
    ['https://dual.example.com/hook', /private/],
    ['https://v6-internal.example.com/hook', /uniqueLocal/],
    ['https://nowhere.example.com/hook', /could not be resolved/],
  ])('refuses %s in production (422)', async (url, message) => {
    await expect(check(url)).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringMatching(message) });
  });

  it('takes loopback on development and test servers, but still no private range', async () => {
    await expect(check('http://127.0.0.1:9000/hook', development)).resolves.toBeUndefined();
    await expect(check('http://localhost:9000/hook', development)).resolves.toBeUndefined();
    await expect(check('https://10.1.2.3/hook', development)).rejects.toMatchObject({ code: 'unprocessable' });
  });
});

describe('sending checks the address again', () => {
  it('refuses a loopback receiver in production without connecting, and follows no redirect', async () => {
    const receiver = await startWebhookReceiver({ answers: [302] });
    try {
      const blocked = await postWebhook({ url: receiver.url, body: '{}', headers: {}, policy: production });
      expect(blocked).toMatchObject({ ok: false, status: null });
      const blockedByName = await postWebhook({ url: receiver.url.replace('http://127.0.0.1', 'https://localhost'), body: '{}', headers: {}, policy: production });
      expect(blockedByName).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/loopback/) });
      expect(receiver.received).toHaveLength(0);

      const redirected = await postWebhook({ url: receiver.url, body: '{}', headers: {}, policy: development });
      expect(redirected).toMatchObject({ ok: false, status: 302, error: expect.stringMatching(/redirects are not followed/) });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});

import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { blockedAddressReason, guardedLookup, literalAddressOf, type AddressPolicy } from '@/lib/webhooks/webhook-address';

// One POST of a signed event. No redirect is followed (a 3xx is a failed
// attempt: a redirect could lead anywhere, the private network included);
// the whole request, answer included, has a deadline; of the answer's body
// only the first bytes are read, for the delivery log, and the rest dropped.

export const WEBHOOK_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 512;

export type WebhookAttempt = { ok: boolean; status: number | null; excerpt: string | null; error: string | null };

export async function postWebhook(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: AddressPolicy;
  timeoutMs?: number;
}): Promise<WebhookAttempt> {
  const target = new URL(options.url);
  const failed = (error: string): WebhookAttempt => ({ ok: false, status: null, excerpt: null, error });
  if (target.protocol !== 'https:' && !options.policy.allowLoopback) return failed('http:// is allowed only on development and test servers');
  // An IP address in the URL skips the DNS lookup, so it is checked here.
  const literal = literalAddressOf(target);
  const blocked = literal ? blockedAddressReason(literal, options.policy) : null;
  if (blocked) return failed(`${blocked}; webhooks go to public addresses only`);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;

  return new Promise<WebhookAttempt>((resolve) => {
    let settled = false;
    const settle = (attempt: WebhookAttempt) => {
      if (settled) return;
      settled = true;
      resolve(attempt);
    };
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        lookup: guardedLookup(options.policy),
        signal: AbortSignal.timeout(timeoutMs),
        // A fresh connection each time: a pooled socket would skip the guarded lookup.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? null;
        const chunks: Buffer[] = [];
        let length = 0;
        const finish = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8').replace(/\uFFFD+$/, '').replaceAll('\u0000', '');
          const ok = status !== null && status >= 200 && status < 300;
          settle({ ok, status, excerpt: excerpt || null, error: ok ? null : `the endpoint answered ${status}${status !== null && status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= EXCERPT_BYTES) {
            finish();
            response.destroy();
          }
        });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    request.on('error', (error: Error) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      settle(failed(timedOut ? `no answer within ${timeoutMs / 1000} s` : error.message));
    });
    request.end(options.body);
  });
}

import 'server-only';
import { AppError } from '@/lib/errors';
import { blockedAddressReason, literalAddressOf, resolveHost, type AddressPolicy } from '@/lib/webhooks/webhook-address';

/**
 * The server's rule for a webhook URL whose shape passed webhookUrlSchema:
 * http:// and loopback hosts only where the policy allows loopback, and a
 * host whose every address is public. A 422 says which rule failed.
 */
export async function checkWebhookUrl(value: string, options: { policy: AddressPolicy; resolve?: (hostname: string) => Promise<string[]> }) {
  const url = new URL(value);
  const refuse = (why: string) => {
    throw new AppError('unprocessable', why);
  };
  if (url.protocol !== 'https:' && !options.policy.allowLoopback) {
    refuse('Webhook URLs must start with https://; http:// to 127.0.0.1 or localhost is allowed only on development and test servers.');
  }
  const literal = literalAddressOf(url);
  let addresses: string[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = await (options.resolve ?? resolveHost)(url.hostname);
    } catch {
      return refuse(`${url.hostname} could not be resolved: check the host name.`);
    }
  }
  for (const address of addresses) {
    const blocked = blockedAddressReason(address, options.policy);
    if (blocked) refuse(`${url.hostname} is not a public address (${blocked}): Logshare sends webhooks to public addresses only.`);
  }
}

import 'server-only';
import { AppError } from '@/lib/errors';

/**
 * Revokes a token of any kind, inside the caller's transaction: a 404 when
 * `find` (scoped to what the caller may revoke) has none, and revoking a
 * revoked token again changes nothing and is not audited again.
 */
export async function revokeToken<T extends { id: string; revokedAt: Date | null }>(steps: {
  find: () => Promise<T | null>;
  revoke: (id: string, revokedAt: Date) => Promise<T>;
  audit: (token: T) => Promise<void>;
}): Promise<T> {
  const token = await steps.find();
  if (!token) throw new AppError('not_found', 'No such token.');
  if (token.revokedAt) return token;
  const revoked = await steps.revoke(token.id, new Date());
  await steps.audit(token);
  return revoked;
}

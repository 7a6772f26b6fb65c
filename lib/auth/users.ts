import 'server-only';
import { db } from '@/lib/db/prisma';

export function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: email.toLowerCase() } });
}

/** Links an external account to the user with the same e-mail; false when there is none. */
export async function linkExternalIdentity(options: { provider: string; subject: string; email?: string | null }): Promise<boolean> {
  const existing = await db().userIdentity.findUnique({
    where: { provider_subject: { provider: options.provider, subject: options.subject } },
  });
  if (existing) return true;
  if (!options.email) return false;
  const user = await findUserByEmail(options.email);
  if (!user) return false;
  await db().userIdentity.create({ data: { provider: options.provider, subject: options.subject, userId: user.id } });
  return true;
}

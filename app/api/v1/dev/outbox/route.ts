import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/api/route';
import { requireApiViewer } from '@/lib/auth/guards';
import { listOutboxEmails } from '@/lib/email/list-outbox-emails';
import { serverEnv } from '@/lib/env';
import { outboxQuerySchema } from '@/lib/validations/email';

export const dynamic = 'force-dynamic';

/**
 * For development and tests: the e-mails written to the signed-in person,
 * newest first, whether or not SMTP delivered them. Absent (404) in
 * production unless LOGSHARE_DEV_OUTBOX=1.
 */
export const GET = apiRoute(async (request) => {
  if (process.env.NODE_ENV === 'production' && !serverEnv().LOGSHARE_DEV_OUTBOX) throw new AppError('not_found', 'Not found.');
  const viewer = await requireApiViewer();
  const { to = viewer.email } = outboxQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (to !== viewer.email) throw new AppError('forbidden', 'You can read only the e-mails addressed to you.');
  return NextResponse.json({ emails: await listOutboxEmails({ to }) });
});

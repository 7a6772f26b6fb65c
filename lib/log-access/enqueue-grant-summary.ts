import 'server-only';
import { recordAuditEvent, SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { enqueueEmails } from '@/lib/email/send-email';
import type { Prisma } from '@/lib/generated/prisma/client';
import { findGrantReadSummary } from '@/lib/log-access/find-grant-read-summary';
import { grantSummaryEmails, noticeGrantInclude, type GrantEnd } from '@/lib/log-access/grant-notice-emails';
import { log } from '@/lib/log';

/**
 * Writes the summary of what the vendor read under a grant that just ended
 * (settled as expired, or turned off) to the outbox, with its audit row, in
 * the transaction that ends the grant. Claimed on the grant row
 * (summary_sent_at), so a grant's summary is written once however many
 * transactions reach here. Returns the e-mails' ids for delivery after the commit.
 */
export async function enqueueGrantSummary(tx: Prisma.TransactionClient, options: { grantId: string; end: GrantEnd; now: Date }): Promise<string[]> {
  // Ending access must never fail for its report: a summary that cannot be made is rolled back alone, logged, and not sent.
  await tx.$executeRawUnsafe('SAVEPOINT grant_summary');
  try {
    const ids = await writeGrantSummary(tx, options);
    await tx.$executeRawUnsafe('RELEASE SAVEPOINT grant_summary');
    return ids;
  } catch (error) {
    await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT grant_summary');
    log.error('the summary of a grant that ended could not be written; it is not sent', { grantId: options.grantId, error });
    return [];
  }
}

async function writeGrantSummary(tx: Prisma.TransactionClient, options: { grantId: string; end: GrantEnd; now: Date }): Promise<string[]> {
  const { count } = await tx.logAccessGrant.updateMany({
    where: { id: options.grantId, disabledAt: { not: null }, summarySentAt: null },
    data: { summarySentAt: options.now },
  });
  if (count === 0) return [];
  const grant = await tx.logAccessGrant.findUniqueOrThrow({ where: { id: options.grantId }, include: noticeGrantInclude });
  const until = options.now > options.end.at ? options.now : options.end.at;
  const summary = await findGrantReadSummary(tx, grant, until);
  const emails = await grantSummaryEmails(tx, grant, options.end, summary);
  const { installation } = grant;
  await recordAuditEvent(tx, {
    action: 'LOG_ACCESS_SUMMARY_SENT',
    actor: SYSTEM_ACTOR,
    scope: { organizationId: installation.site.organizationId, siteId: installation.siteId, installationId: installation.id, vendorId: installation.app.vendorId },
    details: {
      appName: installation.app.name,
      grantId: grant.id,
      reads: summary.reads,
      linesServed: summary.linesServed,
      exports: summary.kinds.find((k) => k.kind === 'export')?.reads ?? 0,
      sentTo: emails.map((e) => e.to),
    },
    // Never dated before the end it summarizes (a caller may settle at an instant of its choosing).
    ...(options.end.at > new Date() ? { occurredAt: options.end.at } : {}),
  });
  return enqueueEmails(tx, emails);
}

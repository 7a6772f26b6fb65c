import 'server-only';
import { recordAuditEvent, SYSTEM_ACTOR } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import { deliverEmails, enqueueEmails } from '@/lib/email/send-email';
import { grantEndingEmails, noticeGrantInclude } from '@/lib/log-access/grant-notice-emails';

/** How long before a grant's end its notice goes out. */
export const NOTICE_BEFORE_MS = 86_400_000;
const BATCH = 100;

/**
 * The periodic job: tells the site's admins and the vendor's members that a
 * grant ends within a day. Each grant is claimed on its row (the end date
 * the notice announced), in the transaction that writes the e-mails and the
 * audit row, with SKIP LOCKED: of several servers one sends it, once. A grant
 * whose end moves (an extension) is announced again when its new end is
 * within a day; an open-ended grant never is. Returns the grants announced.
 */
export async function sendGrantEndingNotices(now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + NOTICE_BEFORE_MS);
  const { announced, emailIds } = await db().$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE log_access_grants g SET notice_sent_at = ${now}, notice_expires_at = g.expires_at
        FROM (SELECT id FROM log_access_grants
               WHERE disabled_at IS NULL AND expires_at > ${now} AND expires_at <= ${horizon}
                 AND notice_expires_at IS DISTINCT FROM expires_at
               ORDER BY expires_at LIMIT ${BATCH}
               FOR UPDATE SKIP LOCKED) due
       WHERE g.id = due.id
      RETURNING g.id`;
    const emailIds: string[] = [];
    for (const { id } of claimed) {
      const grant = await tx.logAccessGrant.findUniqueOrThrow({ where: { id }, include: noticeGrantInclude });
      const expiresAt = grant.expiresAt!;
      const { toAdmins, toVendor } = await grantEndingEmails(tx, { ...grant, expiresAt });
      emailIds.push(...(await enqueueEmails(tx, [...toAdmins, ...toVendor])));
      const { installation } = grant;
      await recordAuditEvent(tx, {
        action: 'LOG_ACCESS_ENDING_NOTICE_SENT',
        // The site's trail names its own admins; the vendor's members only by number (their addresses are not the customer's to see).
        actor: SYSTEM_ACTOR,
        scope: { organizationId: installation.site.organizationId, siteId: installation.siteId, installationId: installation.id, vendorId: installation.app.vendorId },
        details: { appName: installation.app.name, grantId: grant.id, expiresAt: expiresAt.toISOString(), sentTo: toAdmins.map((e) => e.to), vendorMembersTold: toVendor.length },
      });
    }
    return { announced: claimed.length, emailIds };
  });
  await deliverEmails(emailIds);
  return announced;
}

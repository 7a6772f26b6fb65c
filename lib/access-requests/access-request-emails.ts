import 'server-only';
import { toApiReasonCode, type AccessRequestRow } from '@/lib/access-requests/access-request-json';
import { describeJustification } from '@/lib/access-requests/justification';
import { siteAdminMembershipsWhere } from '@/lib/auth/permissions';
import type { EmailMessage } from '@/lib/email/send-email';
import { serverEnv } from '@/lib/env';
import { environmentLabel, formatUtcDateTime, productLabel } from '@/lib/format';
import type { Prisma } from '@/lib/generated/prisma/client';

/** The site's admins: its organization's admins and the site's own admins, each once. */
export async function siteAdminEmails(tx: Prisma.TransactionClient, site: { id: string; organizationId: string }): Promise<string[]> {
  const memberships = await tx.membership.findMany({
    where: siteAdminMembershipsWhere(site),
    select: { user: { select: { email: true } } },
  });
  return [...new Set(memberships.map((m) => m.user.email))].sort();
}

/** "A vendor asks for access" to every admin of the site, linking to the Admin Hub's Access requests page. */
export async function accessRequestEmails(
  tx: Prisma.TransactionClient,
  request: AccessRequestRow & { installation: { site: { organizationId: string } } },
): Promise<EmailMessage[]> {
  const { app, site, product, environment } = request.installation;
  const vendor = app.vendor.name;
  const link = new URL(`/admin/${site.url}/requests`, serverEnv().NEXTAUTH_URL).toString();
  const who = request.requestedBy ? `${request.requestedBy.name} (${request.requestedBy.email}) of ${vendor}` : vendor;
  const until = request.requestedExpiresAt ? `until ${formatUtcDateTime(request.requestedExpiresAt.toISOString())}` : 'with no end date';
  const what = `the logs of ${app.name} (${productLabel(product)}, ${environmentLabel(environment)}) on ${site.url}`;
  const extension = request.extendsGrantEndsAt ? formatUtcDateTime(request.extendsGrantEndsAt.toISOString()) : null;
  const subject = extension ? `${vendor} asks for more time with ${app.name}'s logs on ${site.url}` : `${vendor} asks for access to ${app.name}'s logs on ${site.url}`;
  const body = [
    'Hello,',
    '',
    extension ? `${who} asks to extend their access to ${what}, which ends on ${extension}, ${until}.` : `${who} asks for access to ${what}, ${until}.`,
    '',
    `Their reason: ${describeJustification(toApiReasonCode(request.reasonCode), request.ticketReference)}`,
    ...request.reason.split('\n').map((line) => `> ${line}`),
    '',
    'Approve or decline the request in the Admin Hub:',
    link,
    '',
    extension ? 'Access ends as planned unless an admin of the site approves.' : 'Nothing is shared until an admin of the site approves.',
    '',
    '— Logshare',
  ].join('\n');
  return (await siteAdminEmails(tx, site)).map((to) => ({ to, subject, body, organizationId: site.organizationId, siteId: site.id }));
}

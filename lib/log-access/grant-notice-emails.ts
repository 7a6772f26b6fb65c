import 'server-only';
import { siteAdminEmails } from '@/lib/access-requests/access-request-emails';
import { auditFilterParams } from '@/lib/audit/audit-url';
import type { EmailMessage } from '@/lib/email/send-email';
import { serverEnv } from '@/lib/env';
import { environmentLabel, formatUtcDateTime, productLabel } from '@/lib/format';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { GrantReadSummary } from '@/lib/log-access/find-grant-read-summary';

// The e-mails around a grant's end: the notice a day before (to the site's
// admins and the vendor's members) and the summary of what the vendor read
// once it ended (to the site's admins).

/** A grant with what its e-mails name. */
export type NoticeGrant = {
  id: string;
  enabledAt: Date;
  expiresAt: Date | null;
  installation: {
    id: string;
    siteId: string;
    product: string;
    environment: string;
    site: { id: string; url: string; organizationId: string };
    app: { id: string; name: string; vendorId: string; vendor: { name: string } };
  };
};

/** What to load with a grant to write its e-mails. */
export const noticeGrantInclude = { installation: { include: { site: true, app: { include: { vendor: true } } } } } as const;

const link = (path: string) => new URL(path, serverEnv().NEXTAUTH_URL).toString();

/** Every member of the vendor, each once. */
async function vendorMemberEmails(tx: Prisma.TransactionClient, vendorId: string): Promise<string[]> {
  const members = await tx.vendorMember.findMany({ where: { vendorId }, select: { user: { select: { email: true } } } });
  return [...new Set(members.map((m) => m.user.email))].sort();
}

function installationLabel(grant: NoticeGrant): string {
  const { app, site, product, environment } = grant.installation;
  return `${app.name} (${productLabel(product)}, ${environmentLabel(environment)}) on ${site.url}`;
}

/** The day-before notice: the site's admins may extend it, the vendor may ask for more time. */
export async function grantEndingEmails(tx: Prisma.TransactionClient, grant: NoticeGrant & { expiresAt: Date }): Promise<{ toAdmins: EmailMessage[]; toVendor: EmailMessage[] }> {
  const { app, site } = grant.installation;
  const vendor = app.vendor.name;
  const ends = formatUtcDateTime(grant.expiresAt.toISOString());
  const about = { organizationId: site.organizationId, siteId: site.id };
  const admin = {
    subject: `${vendor}'s access to ${app.name}'s logs on ${site.url} ends on ${ends}`,
    body: [
      'Hello,',
      '',
      `${vendor} can read the logs of ${installationLabel(grant)} until ${ends}.`,
      '',
      `Nothing needs doing if that is what you want: access stops by itself, and you will get a summary of what ${vendor} read.`,
      'To share for longer, change the end date on the app’s page in the Admin Hub:',
      link(`/admin/${site.url}/apps/${grant.installation.id}`),
      '',
      `${vendor} can also ask you for more time; such a request appears on the Access requests page.`,
      '',
      '— Logshare',
    ].join('\n'),
  };
  const vendorMail = {
    subject: `Your access to ${app.name}'s logs on ${site.url} ends on ${ends}`,
    body: [
      'Hello,',
      '',
      `${site.url} shares the logs of ${installationLabel(grant)} with ${vendor} until ${ends}.`,
      '',
      `To keep reading them after that, ask the site's admins for more time from the developer console (Ask for more time):`,
      link(`/console/apps/${app.id}`),
      '',
      '— Logshare',
    ].join('\n'),
  };
  const [admins, members] = await Promise.all([siteAdminEmails(tx, site), vendorMemberEmails(tx, app.vendorId)]);
  return { toAdmins: admins.map((to) => ({ to, ...admin, ...about })), toVendor: members.map((to) => ({ to, ...vendorMail, ...about })) };
}

/** How a grant ended, for its summary. */
export type GrantEnd = { at: Date; by: 'expired' } | { at: Date; by: 'disabled'; actorLabel: string };

const KIND_WORDS: Record<string, [string, string]> = {
  page: ['viewer page', 'viewer pages'],
  export: ['export', 'exports'],
  tail: ['live tail', 'live tails'],
  context: ['look around a line', 'looks around a line'],
  count: ['count of matching lines', 'counts of matching lines'],
  counts: ['chart and facets view', 'chart and facets views'],
  patterns: ['patterns view', 'patterns views'],
};

const n = (value: number) => value.toLocaleString('en');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;
const range = (from: string, to: string) => `${formatUtcDateTime(from).replace(/ UTC$/, '')} to ${formatUtcDateTime(to)}`;

/** The summary after the grant ended: reads, lines, who, the ranges and the exports, with a link to the audit log of that period. */
export async function grantSummaryEmails(tx: Prisma.TransactionClient, grant: NoticeGrant, end: GrantEnd, summary: GrantReadSummary): Promise<EmailMessage[]> {
  const { app, site } = grant.installation;
  const vendor = app.vendor.name;
  const how = end.by === 'expired' ? 'its end date passed' : `${end.actorLabel} turned it off`;
  const audit = link(`/admin/${site.url}/audit?${auditFilterParams({ app: app.id, from: grant.enabledAt, to: summary.until })}`);
  const lines: string[] = [
    'Hello,',
    '',
    `${vendor}'s access to the logs of ${installationLabel(grant)} ended on ${formatUtcDateTime(end.at.toISOString())}: ${how}. It was granted on ${formatUtcDateTime(grant.enabledAt.toISOString())}.`,
    '',
  ];
  if (summary.reads === 0) {
    lines.push(`${vendor} read nothing under it.`);
  } else {
    const kinds = summary.kinds.map((k) => plural(k.reads, ...(KIND_WORDS[k.kind] ?? [k.kind, k.kind])));
    lines.push(
      `What ${vendor} read under it:`,
      `- ${plural(summary.reads, 'read', 'reads')}: ${kinds.join(', ')}`,
      `- ${plural(summary.linesServed, 'line', 'lines')} served (in viewer pages, exports, live tails and looks around a line)`,
      `- by ${summary.readers.map((r) => `${r.label} (${plural(r.reads, 'read', 'reads')})`).join(', ')}`,
    );
    if (summary.ranges.length > 0) {
      lines.push('- time ranges read (UTC), overlapping ones joined:');
      lines.push(...summary.ranges.map((r) => `    ${range(r.from, r.to)}`));
      if (summary.moreRanges > 0) lines.push(`    and ${plural(summary.moreRanges, 'more range', 'more ranges')}`);
    }
    if (summary.exports.length > 0) {
      lines.push('- exports:');
      lines.push(
        ...summary.exports.map(
          (e) =>
            `    ${formatUtcDateTime(e.at)} by ${e.actorLabel}: ${e.from && e.to ? range(e.from, e.to) : 'a range'}, ${e.format.toUpperCase()}, ${e.masked ? 'masked' : 'not masked'}, ${plural(e.lines, 'line', 'lines')}${e.completed ? '' : ' (interrupted)'}`,
        ),
      );
      if (summary.moreExports > 0) lines.push(`    and ${plural(summary.moreExports, 'more export', 'more exports')}`);
    }
  }
  lines.push('', 'Every read is in the audit log:', audit, '', '— Logshare');
  const subject = `${vendor}'s access to ${app.name}'s logs on ${site.url} ended: what they read`;
  return (await siteAdminEmails(tx, site)).map((to) => ({ to, subject, body: lines.join('\n'), organizationId: site.organizationId, siteId: site.id }));
}

import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { acceptVendorInvitation, declineVendorInvitation } from '@/lib/vendors/answer-vendor-invitation';
import { cancelVendorInvitation } from '@/lib/vendors/cancel-vendor-invitation';
import { INVITATION_TTL_DAYS, inviteVendorMember } from '@/lib/vendors/invite-vendor-member';
import { findInvitationByLink, listOpenInvitationsFor, listVendorInvitations } from '@/lib/vendors/list-vendor-invitations';
import { changeVendorMember } from '@/lib/vendors/vendor-members';
import { auditOfActions } from '@/lib/test-support/audit';
import { meta, person, type Person } from '@/lib/test-support/identities';

const DAY = 86_400_000;

/** The secret of the newest invitation link e-mailed to the address. */
async function linkSecretSentTo(email: string): Promise<string> {
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  const secret = /\/invitations\?token=([A-Za-z0-9_-]{43})\b/.exec(mail.body)?.[1];
  if (!secret) throw new Error(`no invitation link in: ${mail.body}`);
  return secret;
}

const MEMBERSHIP_ACTIONS = ['VENDOR_INVITATION_SENT', 'VENDOR_INVITATION_CANCELLED', 'VENDOR_INVITATION_ACCEPTED', 'VENDOR_INVITATION_DECLINED', 'VENDOR_MEMBER_ROLE_CHANGED', 'VENDOR_MEMBER_REMOVED'] as const;
const vendorAudit = (vendorId: string) => auditOfActions(MEMBERSHIP_ACTIONS, vendorId);

describe('vendor invitations', () => {
  let owner: Person;
  let devLumen: Person;
  let devGlobex: Person;
  let newcomer: Person;
  let lumenId: string;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 200, reset: true });
    [owner, devLumen, devGlobex] = await Promise.all([person('owner@lumen.example'), person('dev@lumen.example'), person('dev@globex.example')]);
    newcomer = await db().user.create({ data: { email: 'newcomer@people.example', name: 'Nia Newcomer' } });
    lumenId = (await db().vendor.findFirstOrThrow({ where: { name: 'Lumen Software' } })).id;
  });

  it('answers the same for an unknown address, a known one and a member; only non-members get an invitation and an e-mail', async () => {
    const now = new Date();
    const invite = (email: string) => inviteVendorMember({ vendorId: lumenId, email, role: 'DEVELOPER', actor: owner, meta, now });
    const receipts = await Promise.all(['nobody@unknown.example', devGlobex.email, devLumen.email].map(invite));
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * DAY).toISOString();
    expect(receipts).toEqual([
      { email: 'nobody@unknown.example', role: 'DEVELOPER', expiresAt },
      { email: devGlobex.email, role: 'DEVELOPER', expiresAt },
      { email: devLumen.email, role: 'DEVELOPER', expiresAt },
    ]);

    // An address without an account waits like any other; nobody joined yet.
    const pending = await listVendorInvitations(lumenId, now);
    expect(pending.map((i) => i.email).sort()).toEqual([devGlobex.email, 'nobody@unknown.example']);
    expect(pending.every((i) => !i.isExpired && i.invitedBy === `${owner.name} (${owner.email})`)).toBe(true);
    expect(await db().vendorMember.findFirst({ where: { vendorId: lumenId, userId: devGlobex.id } })).toBeNull();
    expect((await db().vendorMember.findFirstOrThrow({ where: { vendorId: lumenId, userId: devLumen.id } })).role).toBe('DEVELOPER');

    const mails = await db().outboxEmail.findMany({ where: { subject: 'You are invited to join Lumen Software on Logshare' } });
    expect(mails.map((m) => m.to).sort()).toEqual([devGlobex.email, 'nobody@unknown.example']);
    expect(mails[0]!.body).toContain(`${owner.name} invites you to join Lumen Software`);
    expect(mails[0]!.body).toMatch(/http:\/\/[^/]+\/invitations\?token=[A-Za-z0-9_-]{43}\n/);

    // The secret is stored only as its SHA-256.
    const secret = await linkSecretSentTo(devGlobex.email);
    const row = await db().vendorInvitation.findFirstOrThrow({ where: { email: devGlobex.email } });
    expect(row.tokenHash).not.toContain(secret);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const audit = (await vendorAudit(lumenId)).filter((a) => a.action === 'VENDOR_INVITATION_SENT');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorUserId: owner.id, ipAddress: meta.ipAddress });
  });

  it('lets only the addressee accept, with the link and a session of the invited address', async () => {
    await inviteVendorMember({ vendorId: lumenId, email: newcomer.email, role: 'VIEWER', actor: owner, meta });
    const secret = await linkSecretSentTo(newcomer.email);

    // Someone else holding the link, and the addressee without it, are answered as if there were no invitation.
    await expect(acceptVendorInvitation({ token: secret, invitee: devGlobex, meta })).rejects.toMatchObject({ code: 'not_found' });
    await expect(acceptVendorInvitation({ token: 'x'.repeat(43), invitee: newcomer, meta })).rejects.toMatchObject({ code: 'not_found' });
    await expect(declineVendorInvitation({ token: secret, invitee: devGlobex, meta })).rejects.toMatchObject({ code: 'not_found' });
    expect(await findInvitationByLink({ token: secret, email: devGlobex.email })).toBeNull();
    expect(await db().vendorMember.findFirst({ where: { vendorId: lumenId, userId: devGlobex.id } })).toBeNull();

    // The addressee sees it, on the link's page and in their list.
    expect(await findInvitationByLink({ token: secret, email: newcomer.email })).toMatchObject({ vendor: { name: 'Lumen Software' }, role: 'VIEWER', isExpired: false });
    expect((await listOpenInvitationsFor(newcomer.email)).map((i) => i.vendor.name)).toEqual(['Lumen Software']);

    expect(await acceptVendorInvitation({ token: secret, invitee: newcomer, meta })).toEqual({ vendor: { id: lumenId, name: 'Lumen Software' }, role: 'VIEWER' });
    expect((await db().vendorMember.findFirstOrThrow({ where: { vendorId: lumenId, userId: newcomer.id } })).role).toBe('VIEWER');
    const [accepted] = (await vendorAudit(lumenId)).filter((a) => a.action === 'VENDOR_INVITATION_ACCEPTED');
    expect(accepted).toMatchObject({ actorUserId: newcomer.id });
    expect(accepted?.details).toMatchObject({ email: newcomer.email, role: 'VIEWER', alreadyMember: false });

    // Used up: a second use finds nothing.
    await expect(acceptVendorInvitation({ token: secret, invitee: newcomer, meta })).rejects.toMatchObject({ code: 'not_found' });
    expect(await listOpenInvitationsFor(newcomer.email)).toEqual([]);
  });

  it('refuses an expired invitation, which can still be declined', async () => {
    const sentAt = new Date(Date.now() - (INVITATION_TTL_DAYS * DAY + 1000));
    const receipt = await inviteVendorMember({ vendorId: lumenId, email: 'late@people.example', role: 'DEVELOPER', actor: owner, meta, now: sentAt });
    expect(new Date(receipt.expiresAt).getTime()).toBeLessThan(Date.now());
    const late = await db().user.create({ data: { email: 'late@people.example', name: 'Lee Late' } });
    const secret = await linkSecretSentTo(late.email);

    expect((await listVendorInvitations(lumenId)).find((i) => i.email === late.email)?.isExpired).toBe(true);
    expect(await listOpenInvitationsFor(late.email)).toEqual([]);
    await expect(acceptVendorInvitation({ token: secret, invitee: late, meta })).rejects.toMatchObject({ code: 'conflict' });
    expect(await db().vendorMember.findFirst({ where: { userId: late.id } })).toBeNull();

    await declineVendorInvitation({ token: secret, invitee: late, meta });
    expect((await listVendorInvitations(lumenId)).some((i) => i.email === late.email)).toBe(false);
    expect((await vendorAudit(lumenId)).some((a) => a.action === 'VENDOR_INVITATION_DECLINED' && a.actorUserId === late.id)).toBe(true);
  });

  it('refreshes a pending invitation when invited again: new link, role and end date; the old link stops working', async () => {
    const first = await inviteVendorMember({ vendorId: lumenId, email: 'twice@people.example', role: 'VIEWER', actor: owner, meta, now: new Date(Date.now() - DAY) });
    const oldSecret = await linkSecretSentTo('twice@people.example');
    const second = await inviteVendorMember({ vendorId: lumenId, email: 'twice@people.example', role: 'DEVELOPER', actor: owner, meta });
    const newSecret = await linkSecretSentTo('twice@people.example');
    expect(newSecret).not.toBe(oldSecret);
    expect(new Date(second.expiresAt).getTime()).toBeGreaterThan(new Date(first.expiresAt).getTime());
    expect(await db().vendorInvitation.count({ where: { email: 'twice@people.example' } })).toBe(1);

    const twice = await db().user.create({ data: { email: 'twice@people.example', name: 'Tom Twice' } });
    await expect(acceptVendorInvitation({ token: oldSecret, invitee: twice, meta })).rejects.toMatchObject({ code: 'not_found' });
    expect((await acceptVendorInvitation({ token: newSecret, invitee: twice, meta })).role).toBe('DEVELOPER');
  });

  it('lets owners cancel an invitation; its link then finds nothing', async () => {
    await inviteVendorMember({ vendorId: lumenId, email: 'cancelled@people.example', role: 'DEVELOPER', actor: owner, meta });
    const secret = await linkSecretSentTo('cancelled@people.example');
    const invitation = (await listVendorInvitations(lumenId)).find((i) => i.email === 'cancelled@people.example')!;
    const globexId = (await db().vendor.findFirstOrThrow({ where: { name: 'Globex' } })).id;

    // Another vendor's id does not reach it.
    await expect(cancelVendorInvitation({ vendorId: globexId, invitationId: invitation.id, actor: owner, meta })).rejects.toMatchObject({ code: 'not_found' });
    await cancelVendorInvitation({ vendorId: lumenId, invitationId: invitation.id, actor: owner, meta });
    await expect(cancelVendorInvitation({ vendorId: lumenId, invitationId: invitation.id, actor: owner, meta })).rejects.toMatchObject({ code: 'not_found' });

    const person = await db().user.create({ data: { email: 'cancelled@people.example', name: 'Cam Cancelled' } });
    await expect(acceptVendorInvitation({ token: secret, invitee: person, meta })).rejects.toMatchObject({ code: 'not_found' });
    const [cancelled] = (await vendorAudit(lumenId)).filter((a) => a.action === 'VENDOR_INVITATION_CANCELLED');
    expect(cancelled?.details).toMatchObject({ email: 'cancelled@people.example', invitationId: invitation.id });
  });

  it('keeps a member’s role when an invitation made before they joined is accepted', async () => {
    await inviteVendorMember({ vendorId: lumenId, email: devGlobex.email, role: 'OWNER', actor: owner, meta });
    const secret = await linkSecretSentTo(devGlobex.email);
    await db().vendorMember.create({ data: { vendorId: lumenId, userId: devGlobex.id, role: 'VIEWER' } });
    expect((await acceptVendorInvitation({ token: secret, invitee: devGlobex, meta })).role).toBe('OWNER');
    expect((await db().vendorMember.findFirstOrThrow({ where: { vendorId: lumenId, userId: devGlobex.id } })).role).toBe('VIEWER');
    const accepted = (await vendorAudit(lumenId)).filter((a) => a.action === 'VENDOR_INVITATION_ACCEPTED' && a.actorUserId === devGlobex.id);
    expect(accepted[0]?.details).toMatchObject({ alreadyMember: true });
  });

  it('records role changes and removals in the audit trail', async () => {
    const member = await db().vendorMember.findFirstOrThrow({ where: { vendorId: lumenId, userId: newcomer.id } });
    await changeVendorMember({ vendorId: lumenId, memberId: member.id, role: 'DEVELOPER', actor: owner, meta });
    await changeVendorMember({ vendorId: lumenId, memberId: member.id, role: null, actor: owner, meta });
    const audit = (await vendorAudit(lumenId)).filter((a) => a.action === 'VENDOR_MEMBER_ROLE_CHANGED' || a.action === 'VENDOR_MEMBER_REMOVED');
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['VENDOR_MEMBER_ROLE_CHANGED', { memberId: member.id, email: newcomer.email, previousRole: 'VIEWER', role: 'DEVELOPER' }],
      ['VENDOR_MEMBER_REMOVED', { memberId: member.id, email: newcomer.email, previousRole: 'DEVELOPER' }],
    ]);
  });
});

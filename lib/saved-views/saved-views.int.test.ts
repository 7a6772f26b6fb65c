import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/apps/[appId]/saved-views/route';
import { DELETE as deleteRoute, PATCH as renameRoute } from '@/app/api/v1/apps/[appId]/saved-views/[viewId]/route';
import { GET as logSourcesRoute } from '@/app/api/v1/apps/[appId]/log-sources/route';
import { createApiToken } from '@/lib/api-tokens/api-tokens';
import { db } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { disableLogAccess, enableLogAccess } from '@/lib/log-access/change-log-access';
import { createSavedView, listSavedViews } from '@/lib/saved-views/saved-views';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, person, vendorViewer } from '@/lib/test-support/identities';
import { SAVED_VIEW_BOUNDS, savedViewStateSchema } from '@/lib/validations/saved-views';

// The saved views API over HTTP's own shapes (route handlers, API tokens):
// who may list, save, rename and delete them, what input is refused, and
// that views go with their app.

type Json = Record<string, unknown>;
const VIEW = { q: 'level:error timeout', range: { kind: 'relative', last: '24h' }, sites: ['acme.atlassian.net'], levels: ['error'], columns: ['attr.statusCode'], tab: 'lines' };

describe('saved views API', () => {
  let timesheet: string;
  const tokens: Record<'owner' | 'dev' | 'viewer' | 'globex', string> = { owner: '', dev: '', viewer: '', globex: '' };

  /** Calls a route handler as the holder of an API token. */
  async function call(who: keyof typeof tokens | null, method: string, path: string, body?: string | Json, contentType = 'application/json') {
    const url = `http://127.0.0.1/api/v1/apps/${path}`;
    const headers: Record<string, string> = who ? { authorization: `Bearer ${tokens[who]}` } : {};
    if (body !== undefined) headers['content-type'] = contentType;
    const request = new Request(url, { method, headers, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
    const [app, , viewId] = path.split('?')[0]!.split('/');
    const params = { params: Promise.resolve({ appId: app!, viewId: viewId ?? '' }) };
    const route = viewId ? { PATCH: renameRoute, DELETE: deleteRoute }[method] : { GET: listRoute, POST: createRoute }[method];
    const response = await route!(request, params);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json & { error?: { message: string } } };
  }

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 0, reset: true });
    timesheet = await appId('Timesheet Pro');
    const lumen = await db().vendor.findUniqueOrThrow({ where: { slug: 'lumen' } });
    const viewer = await db().user.create({ data: { email: 'viewer@lumen.example', name: 'Vera Viewer' } });
    await db().vendorMember.create({ data: { vendorId: lumen.id, userId: viewer.id, role: 'VIEWER' } });
    for (const [who, email] of [['owner', 'owner@lumen.example'], ['dev', 'dev@lumen.example'], ['viewer', 'viewer@lumen.example'], ['globex', 'dev@globex.example']] as const) {
      tokens[who] = (await createApiToken({ user: await vendorViewer(email), name: 'saved views', expiresAt: null, meta })).secret;
    }
  });

  it('shares a view among owners and developers: save, list with creator and time, rename, delete by another member', async () => {
    const created = await call('dev', 'POST', `${timesheet}/saved-views`, { name: '  Payroll errors  ', view: VIEW });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Payroll errors', createdBy: 'Devon Lee', view: { ...VIEW, range: { kind: 'relative', last: '24h' } } });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const absolute = { range: { kind: 'absolute', from: '2026-12-01T10:00:00+01:00', to: '2026-12-01T12:00:00Z' }, tab: 'patterns' };
    const second = await call('owner', 'POST', `${timesheet}/saved-views`, { name: 'Morning incident', view: absolute });
    expect(second.status).toBe(201);
    expect(second.body.view).toEqual({ range: { kind: 'absolute', from: '2026-12-01T09:00:00.000Z', to: '2026-12-01T12:00:00.000Z' }, sites: [], levels: [], versions: [], columns: [], tab: 'patterns' });

    const listed = await call('owner', 'GET', `${timesheet}/saved-views`);
    expect(listed.status).toBe(200);
    expect((listed.body.views as Json[]).map((v) => [v.name, v.createdBy])).toEqual([
      ['Morning incident', 'Olive Lund'],
      ['Payroll errors', 'Devon Lee'],
    ]);
    expect(listed.body.limit).toBe(SAVED_VIEW_BOUNDS.perApp);
    // What the API serves is what the API takes: a listed view can be saved again as it is.
    for (const view of listed.body.views as { view: unknown }[]) expect(savedViewStateSchema.safeParse(view.view).success).toBe(true);

    const renamed = await call('owner', 'PATCH', `${timesheet}/saved-views/${created.body.id as string}`, { name: 'Payroll errors (prod)' });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Payroll errors (prod)', createdBy: 'Devon Lee' } });
    expect(await call('owner', 'PATCH', `${timesheet}/saved-views/${created.body.id as string}`, { name: 'Morning incident' })).toMatchObject({ status: 409 });

    // The owner deletes the developer's view: views are the team's.
    expect((await call('owner', 'DELETE', `${timesheet}/saved-views/${created.body.id as string}`)).status).toBe(204);
    expect((await call('dev', 'DELETE', `${timesheet}/saved-views/${created.body.id as string}`)).status).toBe(404);
    expect(((await call('dev', 'GET', `${timesheet}/saved-views`)).body.views as Json[]).map((v) => v.name)).toEqual(['Morning incident']);
  });

  it.each([
    ['no name', { view: VIEW }, /name/],
    ['an empty name', { name: '   ', view: VIEW }, /Give the view a name/],
    ['a name over the bound', { name: 'n'.repeat(SAVED_VIEW_BOUNDS.name + 1), view: VIEW }, /at most 80/],
    ['a NUL in the name', { name: 'a\u0000b', view: VIEW }, /NUL/],
    ['an unknown field', { name: 'x', view: VIEW, owner: 'me' }, /owner/],
    ['a range that is not a preset', { name: 'x', view: { ...VIEW, range: { kind: 'relative', last: '2h' } } }, /last must be one of/],
    ['instants without offset', { name: 'x', view: { ...VIEW, range: { kind: 'absolute', from: '2026-12-01T10:00:00', to: '2026-12-01T12:00:00Z' } } }, /offset/],
    ['an absolute range that ends first', { name: 'x', view: { ...VIEW, range: { kind: 'absolute', from: '2026-12-01T12:00:00Z', to: '2026-12-01T10:00:00Z' } } }, /to must be after from/],
    ['days backwards', { name: 'x', view: { ...VIEW, range: { kind: 'days', firstDay: '2026-12-02', lastDay: '2026-12-01' } } }, /lastDay/],
    ['a day that is not one', { name: 'x', view: { ...VIEW, range: { kind: 'days', firstDay: '2026-02-30', lastDay: '2026-03-01' } } }, /calendar day/],
    ['too many columns', { name: 'x', view: { ...VIEW, columns: Array.from({ length: 21 }, (_, i) => `attr.k${i}`) } }, /at most 20 columns/],
    ['a column that is not an attribute path', { name: 'x', view: { ...VIEW, columns: ['statusCode'] } }, /attribute path/],
    ['a column path too deep', { name: 'x', view: { ...VIEW, columns: ['attr.a.b.c.d.e.f.g.h.i'] } }, /attribute path/],
    ['a query that cannot run', { name: 'x', view: { ...VIEW, q: '(timeout' } }, /view.q: This \( is never closed/],
    ['a query over the bound', { name: 'x', view: { ...VIEW, q: 'a'.repeat(501) } }, /at most 500/],
    ['an unknown tab', { name: 'x', view: { ...VIEW, tab: 'chart' } }, /tab must be lines or patterns/],
    ['an unknown level', { name: 'x', view: { ...VIEW, levels: ['fatal'] } }, /levels must be among/],
    ['51 sites', { name: 'x', view: { ...VIEW, sites: Array.from({ length: 51 }, (_, i) => `s${i}.atlassian.net`) } }, /sites/],
  ])('refuses %s with a 400 naming the problem', async (_what, body, message) => {
    const answer = await call('dev', 'POST', `${timesheet}/saved-views`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toMatch(message);
  });

  it('refuses a body that is not JSON (400), another content type (415), a duplicate name (409) and a view past the per-app bound (409)', async () => {
    expect((await call('dev', 'POST', `${timesheet}/saved-views`, '{"name":', 'application/json')).status).toBe(400);
    expect((await call('dev', 'POST', `${timesheet}/saved-views`, JSON.stringify({ name: 'x', view: VIEW }), 'text/plain')).status).toBe(415);
    expect((await call('dev', 'POST', `${timesheet}/saved-views`, { name: 'Twice', view: VIEW })).status).toBe(201);
    const again = await call('owner', 'POST', `${timesheet}/saved-views`, { name: 'Twice', view: VIEW });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain('"Twice" already exists');

    const quickNotes = await appId('Quick Notes');
    const dev = await person('dev@lumen.example');
    await db().savedView.createMany({ data: Array.from({ length: SAVED_VIEW_BOUNDS.perApp }, (_, i) => ({ appId: quickNotes, name: `bulk ${i}`, rangeLast: '24h', createdById: dev.id })) });
    const past = await call('dev', 'POST', `${quickNotes}/saved-views`, { name: 'one more', view: VIEW });
    expect(past.status).toBe(409);
    expect(past.body.error?.message).toContain(`at most ${SAVED_VIEW_BOUNDS.perApp} saved views`);
    expect(await db().savedView.count({ where: { appId: quickNotes } })).toBe(SAVED_VIEW_BOUNDS.perApp);
  });

  it('authorization: viewers 403 everywhere, another vendor and a customer admin 404, no caller 401, a view of another app 404', async () => {
    const saved = await call('dev', 'POST', `${timesheet}/saved-views`, { name: 'Guarded', view: VIEW });
    const id = saved.body.id as string;
    const matrix: [keyof typeof tokens | null, number][] = [
      ['owner', 200],
      ['dev', 200],
      ['viewer', 403],
      ['globex', 404],
    ];
    for (const [who, status] of matrix) {
      expect((await call(who, 'GET', `${timesheet}/saved-views`)).status, `${who} GET`).toBe(status);
      const write = status === 200 ? 201 : status;
      expect((await call(who, 'POST', `${timesheet}/saved-views`, { name: `by ${who}`, view: VIEW })).status, `${who} POST`).toBe(write);
    }
    for (const who of ['viewer', 'globex'] as const) {
      const expected = who === 'viewer' ? 403 : 404;
      expect((await call(who, 'PATCH', `${timesheet}/saved-views/${id}`, { name: 'taken over' })).status, `${who} PATCH`).toBe(expected);
      expect((await call(who, 'DELETE', `${timesheet}/saved-views/${id}`)).status, `${who} DELETE`).toBe(expected);
    }
    const refused = await call('viewer', 'GET', `${timesheet}/saved-views`);
    expect(refused.body.error?.message).toMatch(/viewer role/);
    // Who is not signed in is asked to sign in before anything else.
    tokens.owner = tokens.owner.slice(0, -2) + 'xx';
    expect((await call('owner', 'GET', `${timesheet}/saved-views`)).status).toBe(401);
    tokens.owner = (await createApiToken({ user: await vendorViewer('owner@lumen.example'), name: 'again', expiresAt: null, meta })).secret;
    // A customer's admin (no vendor membership, so no API token) is not told the app exists.
    const admin = await vendorViewer('admin@acme.example');
    await expect(listSavedViews({ viewer: admin, appId: timesheet })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createSavedView({ viewer: admin, appId: timesheet, name: 'x', view: savedViewStateSchema.parse(VIEW) })).rejects.toMatchObject({ code: 'not_found' });
    // A view is found only under its own app; ids that cannot exist are 404s too.
    const quickNotes = await appId('Quick Notes');
    expect((await call('dev', 'DELETE', `${quickNotes}/saved-views/${id}`)).status).toBe(404);
    expect((await call('dev', 'DELETE', `${timesheet}/saved-views/no.such`)).status).toBe(404);
    expect((await call('dev', 'GET', `noSuchApp/saved-views`)).status).toBe(404);
    expect(await db().savedView.count({ where: { id } })).toBe(1);
  });

  it('goes with its app, and outlives its creator as "a former member"', async () => {
    const lumen = await db().vendor.findUniqueOrThrow({ where: { slug: 'lumen' } });
    const app = await db().app.create({ data: { vendorId: lumen.id, name: 'Short-lived', slug: 'short-lived', description: 'x', isPaid: true, contactEmail: 'x@lumen.example' } });
    const leaver = await db().user.create({ data: { email: 'leaver@lumen.example', name: 'Lee Ver' } });
    await db().vendorMember.create({ data: { vendorId: lumen.id, userId: leaver.id, role: 'DEVELOPER' } });
    const view = await createSavedView({ viewer: await vendorViewer('leaver@lumen.example'), appId: app.id, name: 'Theirs', view: savedViewStateSchema.parse(VIEW) });
    await db().user.delete({ where: { id: leaver.id } });
    const listed = await listSavedViews({ viewer: await vendorViewer('dev@lumen.example'), appId: app.id });
    expect(listed.views).toMatchObject([{ id: view.id, createdBy: null }]);
    await db().app.delete({ where: { id: app.id } });
    expect(await db().savedView.count({ where: { id: view.id } })).toBe(0);
  });

  it('log-sources: says which installations share, for the page to notice a revoke; viewers 403, other vendors 404', async () => {
    const installation = await installationId('Timesheet Pro', 'acme.atlassian.net');
    const admin = await person('admin@acme.example');
    await enableLogAccess({ installationId: installation, actor: admin, meta, expiresAt: null });
    const ask = async (who: keyof typeof tokens) => {
      const response = await logSourcesRoute(new Request(`http://127.0.0.1/api/v1/apps/${timesheet}/log-sources`, { headers: { authorization: `Bearer ${tokens[who]}` } }), { params: Promise.resolve({ appId: timesheet }) });
      return { status: response.status, body: (await response.json()) as { shared: { installationId: string; site: string }[]; notShared: { installationId: string }[] } };
    };
    const before = await ask('dev');
    expect(before.status).toBe(200);
    expect(before.body.shared).toContainEqual({ installationId: installation, site: 'acme.atlassian.net', environment: 'production', scope: null });
    await disableLogAccess({ installationId: installation, actor: admin, meta });
    const after = await ask('dev');
    expect(after.body.shared.map((s) => s.installationId)).not.toContain(installation);
    expect(after.body.notShared.map((s) => s.installationId)).toContain(installation);
    expect((await ask('viewer')).status).toBe(403);
    expect((await ask('globex')).status).toBe(404);
  });
});

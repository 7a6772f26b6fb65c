import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { db, pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { countAppLogs, readAppLogs } from '@/lib/console/read-app-logs';
import { exportAppLogs } from '@/lib/console/export-app-logs';
import { readAppPatterns } from '@/lib/console/read-app-patterns';
import { readLineContext } from '@/lib/console/read-line-context';
import { tailAppLogs, type TailEvent } from '@/lib/console/tail-app-logs';
import { readAppLogFacets } from '@/lib/insights/read-app-log-facets';
import { readAppLogVolume } from '@/lib/insights/read-app-log-volume';
import { previewGrantScope } from '@/lib/log-access/preview-grant-scope';
import { revocationWatcher } from '@/lib/log-access/revocation-watcher';
import { decodeLineRef } from '@/lib/logs/line-ref';
import { parseQuery } from '@/lib/logs/log-range';
import { toOtlpLogs } from '@/lib/logs/otlp-logs';
import { appId, installationId } from '@/lib/test-support/demo-lookups';
import { meta, vendorViewer } from '@/lib/test-support/identities';
import { commitLogLines } from '@/lib/test-support/log-lines';
import { scopeLevels, type GrantScope } from '@/lib/validations/grant-scope';
import { appLogVolumeQuerySchema } from '@/lib/validations/log-insights';
import { appExportQuerySchema, appLogCountQuerySchema, appLogQuerySchema, appTailQuerySchema, type ApiLogLevel } from '@/lib/validations/logs';
import { appPatternsQuerySchema } from '@/lib/validations/patterns';
import type { LogLevel } from '@/lib/generated/prisma/enums';

// Every vendor path × every scope dimension: acme's grant has the scope,
// acme-eu's none, and each read over both sites must serve acme no line
// outside the scope (masked when the scope masks) while acme-eu's lines are
// all there, unmasked. The lines are written here, so every count is known.

const HOUR = 3_600_000;
const LEVELS: LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG'];
const MODULES = ['billing', 'auth', null];
const FUNCTIONS = ['charge', 'login', null];

type Written = { installationId: string; ts: Date; level: ApiLogLevel; module: string | null; function: string | null; n: number };
type Served = { level: string; module: string | null; function: string | null; timestamp: string; message: string; attributes?: unknown };

const base = Date.now() - 2 * HOUR;
const since = new Date(base + 30 * 60_000).toISOString();

const scopes: Record<string, GrantScope> = {
  'minimum level warn': { minLevel: 'warn' },
  'errors only': { minLevel: 'error' },
  'modules included': { modules: { mode: 'include', values: ['billing'] } },
  'modules excluded': { modules: { mode: 'exclude', values: ['billing'] } },
  'functions included': { functions: { mode: 'include', values: ['charge', 'login'] } },
  'functions excluded': { functions: { mode: 'exclude', values: ['charge'] } },
  'from a date on': { since },
  'personal data masked': { maskPersonalData: true },
  'all at once': { minLevel: 'warn', modules: { mode: 'exclude', values: ['auth'] }, since, maskPersonalData: true },
};

function inScope(scope: GrantScope, line: { level: string; module: string | null; function: string | null; timestamp: string }): boolean {
  if (!scopeLevels(scope).includes(line.level as ApiLogLevel)) return false;
  const names = (filter: GrantScope['modules'], value: string | null) =>
    !filter || (filter.mode === 'include' ? value !== null && filter.values.includes(value) : value === null || !filter.values.includes(value));
  if (!names(scope.modules, line.module) || !names(scope.functions, line.function)) return false;
  return !scope.since || line.timestamp >= scope.since;
}

const PERSONAL = /@example\.com|10\.0\.0\./;

describe('a scoped grant on every vendor path', () => {
  let viewer: Viewer;
  let app: string;
  let acme: string;
  let acmeEu: string;
  const written: Written[] = [];
  const sites = 'site=acme.atlassian.net,acme-eu.atlassian.net';
  const range = () => `from=${new Date(base - HOUR).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 200, reset: true });
    viewer = await vendorViewer('dev@lumen.example');
    app = await appId('Timesheet Pro');
    acme = await installationId('Timesheet Pro', 'acme.atlassian.net');
    acmeEu = await installationId('Timesheet Pro', 'acme-eu.atlassian.net');
    await pgPool().query('DELETE FROM log_lines WHERE installation_id = ANY($1::text[])', [[acme, acmeEu]]);
    await pgPool().query('DELETE FROM log_hourly_stats WHERE installation_id = ANY($1::text[])', [[acme, acmeEu]]);
    await pgPool().query('UPDATE log_access_grants SET disabled_at = now() WHERE disabled_at IS NULL AND installation_id = ANY($1::text[])', [[acme, acmeEu]]);
    await db().logAccessGrant.createMany({ data: [acme, acmeEu].map((installationId) => ({ installationId, source: 'ADMIN' as const })) });
    const lines = [];
    for (const installation of [acme, acmeEu]) {
      for (let n = 0; n < 96; n++) {
        const line = {
          installationId: installation,
          ts: new Date(base + n * 75_000),
          level: LEVELS[n % 4]!,
          module: MODULES[n % 3]!,
          function: FUNCTIONS[Math.floor(n / 4) % 3]!,
          n,
        };
        written.push({ ...line, level: line.level.toLowerCase() as ApiLogLevel });
        lines.push({
          ...line,
          message: `event ${n} for user${n}@example.com from 10.0.0.${n % 250}`,
          invocationId: null,
          traceId: null,
          appVersion: '1.0.0',
          attributesJson: JSON.stringify({ user: `user${n}@example.com`, n }),
        });
      }
    }
    await commitLogLines(lines);
  });

  afterAll(async () => {
    revocationWatcher().close();
  });

  async function setScope(scope: GrantScope | null) {
    await pgPool().query('UPDATE log_access_grants SET scope = $2::jsonb WHERE installation_id = $1 AND disabled_at IS NULL', [acme, scope ? JSON.stringify(scope) : null]);
  }

  const expectedOf = (scope: GrantScope) => written.filter((w) => w.installationId !== acme || inScope(scope, { ...w, timestamp: w.ts.toISOString() }));
  const sources = () => findAppLogSources({ appId: app });
  const url = (query: string) => `http://test/?${range()}&${sites}${query}`;

  /** The served lines of each site, checked: acme's within the scope (masked or not), acme-eu's all there and unmasked. */
  function checkLines(scope: GrantScope, lines: (Served & { installationId?: string; site?: string })[], path: string) {
    const ofAcme = lines.filter((l) => (l.installationId ? l.installationId === acme : l.site === 'acme.atlassian.net'));
    const ofEu = lines.filter((l) => (l.installationId ? l.installationId === acmeEu : l.site === 'acme-eu.atlassian.net'));
    expect(ofAcme.length + ofEu.length, path).toBe(lines.length);
    for (const line of ofAcme) {
      expect(inScope(scope, line), `${path}: ${JSON.stringify(line)}`).toBe(true);
      const text = line.message + JSON.stringify(line.attributes ?? null);
      expect(PERSONAL.test(text), `${path}: ${text}`).toBe(!scope.maskPersonalData);
    }
    for (const line of ofEu) expect(PERSONAL.test(line.message), path).toBe(true);
    return { acme: ofAcme.length, eu: ofEu.length };
  }

  for (const [name, scope] of Object.entries(scopes)) {
    describe(name, () => {
      beforeAll(() => setScope(scope));
      const expected = () => expectedOf(scope);
      const expectedAcme = () => expected().filter((w) => w.installationId === acme).length;

      it('the page (JSON and OTLP) serves only lines within the scope, every one of them', async () => {
        const page = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url('&limit=1000')), meta });
        const seen = checkLines(scope, page.lines, 'page');
        expect(seen).toEqual({ acme: expectedAcme(), eu: 96 });
        // A level asked for that the scope hides: none of acme's lines.
        const errorsOnly = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url('&level=debug&limit=1000')), meta });
        checkLines(scope, errorsOnly.lines, 'page of debug lines');
        // Paged in 7s: the same lines.
        const paged: Served[] = [];
        let cursor: string | null = null;
        do {
          const next = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url(`&limit=7${cursor ? `&cursor=${cursor}` : ''}`)), meta });
          paged.push(...next.lines);
          cursor = next.nextCursor;
        } while (cursor);
        expect(paged.length).toBe(expected().length);
        const otlp = toOtlpLogs(page.lines);
        for (const resource of otlp.resourceLogs) {
          const site = resource.resource.attributes.find((a) => a.key === 'site')!.value.stringValue;
          for (const record of resource.scopeLogs[0]!.logRecords) {
            if (site === 'acme.atlassian.net') expect(PERSONAL.test(record.body.stringValue)).toBe(!scope.maskPersonalData);
          }
        }
      });

      it('a search page serves only lines within the scope', async () => {
        const page = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url('&q=event&limit=1000')), meta });
        expect(checkLines(scope, page.lines, 'search')).toEqual({ acme: expectedAcme(), eu: 96 });
      });

      it('a search sees the lines as the vendor does: nothing is found inside masked personal data', async () => {
        const fifth = written.find((w) => w.installationId === acme && w.n === 5)!;
        const fifthShown = inScope(scope, { ...fifth, timestamp: fifth.ts.toISOString() }) && !scope.maskPersonalData ? 1 : 0;
        const searches: [string, number, number][] = [
          ['"user5@example.com"', fifthShown, 1],
          ['attr.user:"user5@example.com"', fifthShown, 1],
          ['example', scope.maskPersonalData ? 0 : expectedAcme(), 96],
          ['event', expectedAcme(), 96],
        ];
        for (const [q, acmeLines, euLines] of searches) {
          const page = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url(`&limit=1000&q=${encodeURIComponent(q)}`)), meta });
          expect(checkLines(scope, page.lines, `q=${q}`), q).toEqual({ acme: acmeLines, eu: euLines });
          const count = await countAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogCountQuerySchema, url(`&q=${encodeURIComponent(q)}`)), meta });
          expect(count.matched.count, q).toBe(acmeLines + euLines);
        }
        // A pattern of the Patterns tab finds its lines, masked or not.
        const patterns = await readAppPatterns({ viewer, sources: await sources(), query: parseQuery(appPatternsQuerySchema, url('').replace(sites, 'site=acme.atlassian.net')), meta });
        const top = patterns.patterns[0];
        if (top) {
          const q = `pattern:"${top.template.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
          const count = await countAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogCountQuerySchema, url(`&q=${encodeURIComponent(q)}`).replace(sites, 'site=acme.atlassian.net')), meta });
          expect(count.matched.count, top.template).toBe(top.count);
        }
      });

      it('the count, the chart and the facets count only lines within the scope', async () => {
        const count = await countAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogCountQuerySchema, url('')), meta });
        expect(count.matched).toEqual({ count: expected().length, exact: true });
        const volume = await readAppLogVolume({ viewer, sources: await sources(), query: parseQuery(appLogVolumeQuerySchema, url('')), meta });
        expect(volume.total).toBe(expected().length);
        const facets = await readAppLogFacets({ viewer, sources: await sources(), query: parseQuery(appLogVolumeQuerySchema, url('&site=acme.atlassian.net').replace(sites, '')), meta });
        expect(facets.matched.count).toBe(expectedAcme());
        const levels = Object.fromEntries(facets.fields.level.map((v) => [v.value, v.count]));
        for (const level of Object.keys(levels)) expect(scopeLevels(scope)).toContain(level);
        const modules = facets.fields.module.map((v) => v.value);
        if (scope.modules?.mode === 'include') expect(modules).toEqual(scope.modules.values);
        if (scope.modules?.mode === 'exclude') for (const m of scope.modules.values) expect(modules).not.toContain(m);
        const values = facets.attributes.flatMap((a) => a.values.map((v) => v.value)).join(' ');
        // Masked values that read alike are one value with their counts added (those of the top values, each address being one).
        if (scope.maskPersonalData && expectedAcme() > 0) expect(facets.attributes.find((a) => a.key === 'user')?.values).toEqual([{ value: '[email]', type: 'string', count: Math.min(10, expectedAcme()) }]);
        if (expectedAcme() > 0) expect(PERSONAL.test(values)).toBe(!scope.maskPersonalData);
      });

      it('the patterns group only lines within the scope', async () => {
        const patterns = await readAppPatterns({ viewer, sources: await sources(), query: parseQuery(appPatternsQuerySchema, url('').replace(sites, 'site=acme.atlassian.net')), meta });
        expect(patterns.patterns.reduce((sum, p) => sum + p.count, 0)).toBe(expectedAcme());
        for (const p of patterns.patterns) for (const level of Object.keys(p.levels)) expect(scopeLevels(scope)).toContain(level);
      });

      it('the export holds only lines within the scope, masked when it masks', async () => {
        for (const format of ['ndjson', 'csv'] as const) {
          const file = await exportAppLogs({ viewer, appId: app, query: parseQuery(appExportQuerySchema, url(`&format=${format}`)), meta });
          const text = await new Response(file.body).text();
          if (format === 'csv') {
            const acmeRows = text.split('\n').filter((row) => row.includes(',acme.atlassian.net,'));
            expect(acmeRows.length).toBe(expectedAcme());
            for (const row of acmeRows) expect(PERSONAL.test(row)).toBe(!scope.maskPersonalData);
            const euRows = text.split('\n').filter((row) => row.includes(',acme-eu.atlassian.net,'));
            expect(euRows.length).toBe(96);
            for (const row of euRows) expect(row).toMatch(/"\{""n"": \d+, ""user"": ""user\d+@example\.com""\}"/);
            continue;
          }
          const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Served & { site: string });
          expect(checkLines(scope, lines, `export ${format}`)).toEqual({ acme: expectedAcme(), eu: 96 });
        }
      });

      it("a line's context shows only lines within the scope, and a line outside it is no line", async () => {
        const page = await readAppLogs({ viewer, sources: await sources(), query: parseQuery(appLogQuerySchema, url('&site=acme.atlassian.net&limit=5').replace(sites, '')), meta });
        const anchor = page.lines[2] ?? page.lines[0];
        if (anchor) {
          const context = await readLineContext({ viewer, sources: await sources(), ref: decodeLineRef(anchor.ref)!, query: { before: 200, after: 200 }, meta });
          expect(checkLines(scope, context.lines, 'context').acme).toBe(expectedAcme());
        }
        const outside = written.find((w) => w.installationId === acme && !inScope(scope, { ...w, timestamp: w.ts.toISOString() }));
        if (outside) {
          const { rows } = await pgPool().query<{ id: string }>('SELECT id::text FROM log_lines WHERE installation_id = $1 AND ts = $2', [acme, outside.ts]);
          const ref = { installationId: acme, ts: outside.ts, id: rows[0]!.id };
          await expect(readLineContext({ viewer, sources: await sources(), ref, query: { before: 5, after: 5 }, meta })).rejects.toMatchObject({ code: 'not_found' });
        }
      });

      it('the live tail sends only new lines within the scope', async () => {
        const controller = new AbortController();
        const query = parseQuery(appTailQuerySchema, `http://test/?${sites}`);
        const tail = tailAppLogs({ viewer, sources: await sources(), query, meta, signal: controller.signal, limits: { pollMs: 20 } });
        expect((await tail.next()).value).toMatchObject({ event: 'ready' });
        const now = Date.now();
        const fresh = Array.from({ length: 24 }, (_, n) => ({
          installationId: n % 2 ? acme : acmeEu,
          ts: new Date(now - n * 1000),
          level: LEVELS[n % 4]!,
          module: MODULES[n % 3]!,
          function: FUNCTIONS[Math.floor(n / 2) % 3]!,
          message: `tail ${n} for tail${n}@example.com`,
          invocationId: null,
          traceId: null,
          appVersion: '1.0.0',
          attributesJson: null,
        }));
        await commitLogLines(fresh);
        const want = fresh.filter((f) => f.installationId !== acme || inScope(scope, { level: f.level.toLowerCase(), module: f.module, function: f.function, timestamp: f.ts.toISOString() })).length;
        const got: Served[] = [];
        while (got.length < want) {
          const { value } = (await tail.next()) as { value: TailEvent };
          if (value.event === 'lines') got.push(...value.data);
          else throw new Error(`unexpected ${value.event}`);
        }
        controller.abort();
        await tail.return(undefined);
        expect(got.length).toBe(want);
        const ofAcme = got.filter((l) => (l as unknown as { site: string }).site === 'acme.atlassian.net');
        for (const line of ofAcme) {
          expect(inScope(scope, line)).toBe(true);
          expect(line.message.includes('@example.com')).toBe(!scope.maskPersonalData);
        }
        await pgPool().query(`DELETE FROM log_lines WHERE installation_id = ANY($1::text[]) AND message LIKE 'tail %'`, [[acme, acmeEu]]);
      });

      it('the preview shows what the vendor would see and counts what the scope hides', async () => {
        const preview = await previewGrantScope({ installationId: acme, scope });
        const window = written.filter((w) => w.installationId === acme);
        expect(preview.total).toBe(window.length);
        expect(preview.shown).toBe(expectedAcme());
        expect(preview.hidden.level + preview.hidden.module + preview.hidden.function + preview.hidden.since).toBe(window.length - expectedAcme());
        expect(preview.hidden.level).toBe(window.filter((w) => !scopeLevels(scope).includes(w.level)).length);
        checkLines(scope, preview.lines.map((l) => ({ ...l, installationId: acme })), 'preview');
        expect(preview.lines.length).toBe(Math.min(50, expectedAcme()));
      });
    });
  }
});

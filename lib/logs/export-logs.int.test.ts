import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgPool } from '@/lib/db/prisma';
import { seedDemo } from '@/lib/demo/seed-demo';
import { streamLogExport, type ExportOptions, type ExportResult } from '@/lib/logs/export-logs';
import { rebuildHourlyStats } from '@/lib/logs/rebuild-hourly-stats';
import { summarizeLogs } from '@/lib/logs/summarize-logs';
import { findPii } from '@/lib/pii/detect-pii';
import { installationOf } from '@/lib/test-support/demo-lookups';

const DAY = 86_400_000;

async function exportText(options: ExportOptions): Promise<{ text: string; result: ExportResult }> {
  let done: (r: ExportResult) => void = () => undefined;
  const finished = new Promise<ExportResult>((resolve) => (done = resolve));
  const stream = await streamLogExport(options, async (r) => done(r));
  const text = await new Response(stream).text();
  return { text, result: await finished };
}

describe('summaries and exports', () => {
  let installation: { id: string; environment: string };
  // A range that starts and ends mid-hour, as a :45 time zone's days do.
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 15 * 60_000);
  const from = new Date(to.getTime() - 10 * DAY + 30 * 60_000);
  const options = (over: Partial<ExportOptions> = {}): ExportOptions => ({
    sources: [{ installationId: installation.id, site: 'acme.atlassian.net', environment: installation.environment }],
    from,
    to,
    format: 'ndjson',
    mask: false,
    ...over,
  });

  beforeAll(async () => {
    await seedDemo({ databaseUrl: process.env.TEST_DATABASE_URL!, totalLogLines: 6000, reset: true });
    installation = await installationOf('Timesheet Pro', 'acme.atlassian.net');
    // A line a spreadsheet would run as a formula, and one with personal data.
    await pgPool().query(
      `INSERT INTO log_lines (installation_id, ts, level, message, pii_kinds, message_masked, module, plain_ids) VALUES
         ($1, $2, 'WARN', '=HYPERLINK("http://evil.example","click")', 0, NULL, 'quoted "module"\\path', false),
         ($1, $3, 'INFO', 'mail to ann@customer.example', 1, 'mail to [email]', 'plain.module', true)`,
      [installation.id, new Date(to.getTime() - 3_600_000), new Date(to.getTime() - 7_200_000)],
    );
    await rebuildHourlyStats(pgPool(), { installationIds: [installation.id], from, to });
  });

  it('counts from hourly statistics plus the partial hours agree with counting every line', async () => {
    const summary = await summarizeLogs({ installationId: installation.id, from, to, site: 'acme.atlassian.net', environment: 'PRODUCTION' });
    const { rows } = await pgPool().query<{ n: string; level: string }>(
      `SELECT level, count(*) AS n FROM log_lines WHERE installation_id = $1 AND ts >= $2 AND ts < $3 GROUP BY level`,
      [installation.id, from, to],
    );
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    expect(total).toBeGreaterThan(100);
    expect(summary.totalLines).toBe(total);
    for (const row of rows) expect(summary.levels[row.level.toLowerCase() as 'info']).toBe(Number(row.n));
    expect(summary.histogram.reduce((s, b) => s + b.lines, 0)).toBe(total);
    expect(summary.histogram[0]?.start).toBe(from.toISOString());
    expect(summary.personalData.email).toBeGreaterThanOrEqual(1);
  });

  it('exports NDJSON oldest first, in range, with UTC timestamps, and reports the lines and SHA-256 it sent', async () => {
    const summary = await summarizeLogs({ installationId: installation.id, from, to, site: 'acme.atlassian.net', environment: 'PRODUCTION' });
    const { text, result } = await exportText(options());
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { timestamp: string; level: string; site: string; environment: string });
    expect(lines).toHaveLength(summary.totalLines);
    expect(result).toMatchObject({ lines: summary.totalLines, bytes: Buffer.byteLength(text), completed: true });
    expect(result.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(lines.every((l) => l.timestamp.endsWith('Z') && l.timestamp >= from.toISOString() && l.timestamp < to.toISOString())).toBe(true);
    expect(lines.map((l) => l.timestamp)).toEqual(lines.map((l) => l.timestamp).sort());
    expect(lines[0]).toMatchObject({ site: 'acme.atlassian.net', environment: 'production' });
    // Identifiers that need escaping are escaped; checked ones pass as they are.
    expect(lines.map((l) => (l as { module?: string }).module)).toContain('quoted "module"\\path');
    expect(lines.map((l) => (l as { module?: string }).module)).toContain('plain.module');
    // So are messages: those the writer found plain (most demo lines) and one it did not.
    expect(lines.map((l) => (l as { message?: string }).message)).toContain('=HYPERLINK("http://evil.example","click")');
    expect(lines.map((l) => (l as { message?: string }).message)).toContain('mail to ann@customer.example');
    // The estimate the preview shows is close to the real size.
    expect(Math.abs(summary.estimatedBytes - result.bytes) / result.bytes).toBeLessThan(0.05);
  });

  it('masks personal data when asked, and only then', async () => {
    const plain = await exportText(options());
    expect(plain.text).toContain('ann@customer.example');
    const masked = await exportText(options({ mask: true }));
    expect(masked.text).not.toContain('ann@customer.example');
    expect(masked.text).toContain('mail to [email]');
    for (const line of masked.text.trimEnd().split('\n')) expect(findPii((JSON.parse(line) as { message: string }).message)).toEqual([]);
  });

  it('exports CSV with a header, one row per line, and formulas defused', async () => {
    const { text, result } = await exportText(options({ format: 'csv' }));
    const rows = text.trimEnd().split('\n');
    expect(rows[0]).toBe('timestamp,level,message,invocationId,traceId,module,function,appVersion,site,environment,attributes');
    expect(rows.length - 1).toBe(result.lines);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('exports several installations at once, labelled per line, with the viewer filters', async () => {
    const other = await installationOf('Timesheet Pro', 'acme-eu.atlassian.net');
    const { text, result } = await exportText(
      options({
        sources: [
          { installationId: installation.id, site: 'acme.atlassian.net', environment: 'PRODUCTION' },
          { installationId: other.id, site: 'acme-eu.atlassian.net', environment: 'PRODUCTION' },
        ],
        filters: { levels: ['info', 'warn'] },
      }),
    );
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { level: string; site: string; timestamp: string });
    expect(result.lines).toBe(lines.length);
    expect(new Set(lines.map((l) => l.site))).toEqual(new Set(['acme.atlassian.net', 'acme-eu.atlassian.net']));
    expect(lines.every((l) => l.level === 'info' || l.level === 'warn')).toBe(true);
    expect(lines.map((l) => l.timestamp)).toEqual(lines.map((l) => l.timestamp).sort());
  });
});

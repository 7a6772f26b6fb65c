import { describe, expect, it } from 'vitest';
import { prepareLogLines, type LogLineInput } from '@/lib/logs/write-log-lines';

// The COPY rows the writer sends: one row per line in PostgreSQL's text
// format, written as UTF-8 into a buffer that grows as needed.

const line = (message: string, extra: Partial<LogLineInput> = {}): LogLineInput => ({
  installationId: 'inst_1',
  ts: new Date('2026-11-30T10:15:00.123Z'),
  level: 'INFO',
  message,
  invocationId: 'inv-1',
  traceId: null,
  module: 'resolvers/timesheet',
  function: 'getWorklogs',
  appVersion: '3.4.1',
  attributesJson: null,
  ...extra,
});

const rowsOf = async (lines: LogLineInput[]) => (await prepareLogLines(lines)).copyBytes.toString('utf8').split('\n');

describe('prepareLogLines', () => {
  it('writes one tab-separated row per line, NULL as \\N, escapes where COPY needs them', async () => {
    const [plain, escaped, last] = await rowsOf([line('saved worklog LUME-12'), line('a\tb\\c\nd', { attributesJson: '{"k":"v"}', invocationId: 'x"y' })]);
    expect(plain).toBe('inst_1\t2026-11-30T10:15:00.123Z\tINFO\tsaved worklog LUME-12\tinv-1\t\\N\tresolvers/timesheet\tgetWorklogs\t3.4.1\t\\N\t0\t\\N\tt\tt');
    expect(escaped!.split('\t').slice(3, 5)).toEqual(['a\\tb\\\\c\\nd', 'x"y']);
    expect(escaped!.split('\t').slice(9, 10)).toEqual(['{"k":"v"}']);
    expect(escaped!.endsWith('\tf\tf')).toBe(true);
    expect(last).toBe(''); // every row ends with a newline
  });

  it('grows past its first guess and keeps multi-byte text whole', async () => {
    // Far more than the 4 KiB a two-line batch starts with, in characters of 2, 3 and 4 bytes.
    const long = 'ü€😀'.repeat(3_000);
    const rows = await rowsOf([line(long), line(`end ${long}`)]);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.split('\t')[3]).toBe(long);
    expect(rows[1]!.split('\t')[3]).toBe(`end ${long}`);
  });

  it('counts lines, bytes and personal data per installation, hour and level', async () => {
    const { stats } = await prepareLogLines([line('mail ana@example.com'), line('ok'), line('later', { ts: new Date('2026-11-30T11:00:00Z') })]);
    const tenOClock = stats.find((s) => s.hour === '2026-11-30T10:00:00.000Z')!;
    expect(tenOClock.lines).toBe(2);
    expect(tenOClock.pii[0]).toBe(1); // one line with an e-mail address
    expect(stats.find((s) => s.hour === '2026-11-30T11:00:00.000Z')?.lines).toBe(1);
  });

  it('journals the lines for the live tail per installation and 10 seconds of their times, late lines in windows of their own', async () => {
    const at = (iso: string, extra: Partial<LogLineInput> = {}) => line('x', { ts: new Date(iso), ...extra });
    const { writes } = await prepareLogLines([
      at('2026-11-30T10:15:03.000Z'),
      at('2026-11-30T08:00:00.000Z'), // two hours late
      at('2026-11-30T10:15:01.500Z'),
      at('2026-11-30T10:15:09.999Z'),
      at('2026-11-30T10:15:10.000Z'), // the next window
      at('2026-11-30T10:15:02.000Z', { installationId: 'inst_2' }),
    ]);
    expect(writes.map((w) => ({ ...w, firstTs: new Date(w.firstTs).toISOString(), lastTs: new Date(w.lastTs).toISOString() }))).toEqual([
      { installationId: 'inst_1', firstTs: '2026-11-30T10:15:01.500Z', lastTs: '2026-11-30T10:15:09.999Z', lines: 3 },
      { installationId: 'inst_1', firstTs: '2026-11-30T08:00:00.000Z', lastTs: '2026-11-30T08:00:00.000Z', lines: 1 },
      { installationId: 'inst_1', firstTs: '2026-11-30T10:15:10.000Z', lastTs: '2026-11-30T10:15:10.000Z', lines: 1 },
      { installationId: 'inst_2', firstTs: '2026-11-30T10:15:02.000Z', lastTs: '2026-11-30T10:15:02.000Z', lines: 1 },
    ]);
  });

  it('lets other callbacks run during a long batch, and keeps its rows in order', async () => {
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const rows = await rowsOf(Array.from({ length: 250 }, (_, i) => line(`line ${i}`)));
    expect(ranMeanwhile).toBe(true);
    expect(rows.slice(0, -1).map((r) => r.split('\t')[3])).toEqual(Array.from({ length: 250 }, (_, i) => `line ${i}`));
  });
});

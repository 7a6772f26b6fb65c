import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { parseNdjsonOffThread, prepareLogLinesOffThread } from '@/lib/ingest/ingest-thread';
import { parseNdjson } from '@/lib/ingest/parse-ndjson';
import { prepareLogLines, type LogLineInput } from '@/lib/logs/write-log-lines';

const body = Buffer.from(
  [
    JSON.stringify({ installationId: 'inst1', timestamp: '2026-11-30T10:00:00.123+01:00', level: 'warning', message: 'mail ana@example.com', attributes: { region: 'eu' } }),
    JSON.stringify({ installationId: 'inst1', timestamp: 'yesterday', level: 'info', message: 'bad time' }),
  ].join('\n'),
);

describe('the ingest worker', () => {
  it('parses a batch as the main thread does, dates still dates', async () => {
    const offThread = await parseNdjsonOffThread(body, { maxLines: 10 });
    expect(offThread).toEqual(await parseNdjson(body, { maxLines: 10 }));
    expect(offThread.candidates[0]!.fields.ts).toBeInstanceOf(Date);
    expect(offThread.rejected).toEqual([{ line: 2, error: expect.stringContaining('timestamp') }]);
  });

  it('refuses a batch over the limit with the same error, status and all', async () => {
    const refused = await parseNdjsonOffThread(body, { maxLines: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(413);
  });

  it('prepares the same COPY rows and statistics, for batches sent at once', async () => {
    const line = (i: number): LogLineInput => ({
      installationId: `inst${i % 3}`, ts: new Date(Date.UTC(2026, 10, 30, i % 24)), level: 'INFO', message: `line ${i} from 10.0.0.${i % 250}`,
      invocationId: `inv-${i}`, traceId: null, module: 'resolvers/timesheet', function: 'getWorklogs', appVersion: '3.4.1', attributesJson: null,
    });
    const batches = [50, 300, 7].map((n, b) => Array.from({ length: n }, (_, i) => line(b * 1000 + i)));
    const offThread = await Promise.all(batches.map(prepareLogLinesOffThread));
    for (const [b, lines] of batches.entries()) {
      const here = await prepareLogLines(lines);
      expect(offThread[b]!.copyBytes.equals(here.copyBytes)).toBe(true);
      expect(offThread[b]!.stats).toEqual(here.stats);
    }
  });
});

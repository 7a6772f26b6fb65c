import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import { countPiiKindsSql, lineBytesSql, PII_STAT_COLUMNS, piiStatColumn, type PiiStatColumn } from '@/lib/logs/hourly-stats-sql';
import { PII_KINDS, type PiiKind } from '@/lib/pii/detect-pii';
import type { ApiLogLevel } from '@/lib/validations/logs';

// What a download of [from, to) would hold, without reading every line:
// whole UTC hours come from log_hourly_stats (written with the lines), and
// only the partial hours at the two ends are counted from the lines.

const HOUR_MS = 3_600_000;

export type LogSummary = {
  from: string;
  to: string;
  totalLines: number;
  /** Size of the NDJSON file, estimated from the text lengths (JSON escaping adds a little). */
  estimatedBytes: number;
  levels: Record<ApiLogLevel, number>;
  /** Lines per UTC hour; the first and last hour may be partial. */
  histogram: { start: string; lines: number }[];
  /** How many lines hold each kind of personal data. */
  personalData: Record<PiiKind, number>;
};

type StatRow = { hour: Date; level: string; lines: string; bytes: string } & Record<PiiStatColumn, string>;

const STAT_COLUMNS = ['lines', 'bytes', ...PII_STAT_COLUMNS].map((c) => `sum(${c}) AS ${c}`).join(', ');

const RAW_COLUMNS = `count(*) AS lines, sum(${lineBytesSql()}) AS bytes, ${countPiiKindsSql()}`;

async function fromStats(installationId: string, from: Date, to: Date): Promise<StatRow[]> {
  const { rows } = await pgPool().query<StatRow>(
    `SELECT hour, level, ${STAT_COLUMNS} FROM log_hourly_stats
      WHERE installation_id = $1 AND hour >= $2 AND hour < $3 GROUP BY hour, level`,
    [installationId, from, to],
  );
  return rows;
}

async function fromLines(installationId: string, from: Date, to: Date): Promise<StatRow[]> {
  if (to <= from) return [];
  const { rows } = await pgPool().query<StatRow>(
    `SELECT date_trunc('hour', ts, 'UTC') AS hour, level, ${RAW_COLUMNS} FROM log_lines
      WHERE installation_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1, 2`,
    [installationId, from, to],
  );
  return rows;
}

/** Per-line size of the NDJSON object around the text fields (keys, quotes, timestamp, level, site, environment; attributes counted as absent). */
function ndjsonOverhead(site: string, environment: string): number {
  const skeleton = JSON.stringify({
    timestamp: '2026-01-01T00:00:00.000Z',
    level: 'debug',
    message: '',
    invocationId: '',
    traceId: '',
    module: '',
    function: '',
    appVersion: '',
    site,
    environment: environment.toLowerCase(),
    attributes: null,
  });
  return Buffer.byteLength(skeleton) + 1;
}

export async function summarizeLogs(options: { installationId: string; from: Date; to: Date; site: string; environment: string }): Promise<LogSummary> {
  const { installationId, from, to } = options;
  const firstWhole = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const endWhole = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
  const parts =
    firstWhole < endWhole
      ? await Promise.all([fromLines(installationId, from, firstWhole), fromStats(installationId, firstWhole, endWhole), fromLines(installationId, endWhole, to)])
      : [await fromLines(installationId, from, to)];

  const levels: Record<ApiLogLevel, number> = { error: 0, warn: 0, info: 0, debug: 0, trace: 0 };
  const personalData = Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Record<PiiKind, number>;
  const perHour = new Map<number, number>();
  let totalLines = 0;
  let textBytes = 0;
  for (const row of parts.flat()) {
    const lines = Number(row.lines);
    totalLines += lines;
    textBytes += Number(row.bytes);
    levels[row.level.toLowerCase() as ApiLogLevel] += lines;
    for (const kind of PII_KINDS) personalData[kind] += Number(row[piiStatColumn(kind)]);
    const hour = row.hour.getTime();
    perHour.set(hour, (perHour.get(hour) ?? 0) + lines);
  }

  const histogram: LogSummary['histogram'] = [];
  for (let hour = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; hour < to.getTime(); hour += HOUR_MS) {
    histogram.push({ start: new Date(Math.max(hour, from.getTime())).toISOString(), lines: perHour.get(hour) ?? 0 });
  }

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totalLines,
    estimatedBytes: textBytes + totalLines * ndjsonOverhead(options.site, options.environment),
    levels,
    histogram,
    personalData,
  };
}

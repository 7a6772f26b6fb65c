// The bench's knobs (environment variables) and the shape of the data they imply.

const DAY_MS = 86_400_000;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

/** The parts of the bench; BENCH_ONLY=viewer,summary runs some of them. */
export const BENCH_PARTS = ['export', 'summary', 'viewer', 'search', 'facets', 'patterns', 'context', 'ingest', 'tail', 'stop', 'audit'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];
/** The parts that need no large seed: each runs on a database of its own. */
export const STANDALONE_PARTS: ReadonlySet<BenchPart> = new Set(['ingest', 'tail', 'stop', 'audit']);

function partsEnv(): Set<BenchPart> {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set(BENCH_PARTS);
  const parts = raw.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(BENCH_PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown part(s) ${unknown.join(', ')}; the parts are ${BENCH_PARTS.join(', ')}`);
  return new Set(parts as BenchPart[]);
}

export type BenchConfig = {
  only: Set<BenchPart>;
  databaseName: string;
  databaseUrl: string;
  fresh: boolean;
  lines: number;
  busyDayLines: number;
  installations: number;
  days: number;
  /** Each measured export runs this many times; the best throughput and the worst memory are reported. */
  repeat: number;
  /** The portal's own build folder (see run.ts for why the default is not `.next-bench`). */
  distDir: string;
  /** Where a new seed would go: the last `days` whole UTC days, ending at today's midnight (exclusive). */
  windowStart: Date;
  windowEnd: Date;
  /** The portal's LOG_RETENTION_DAYS (it inherits the environment): older seeded days cannot be exported, so they are re-seeded. */
  retentionDays: number;
};

export function readConfig(now = new Date()): BenchConfig {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/logshare_bench');
  const databaseName = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'logshare_bench';
  const days = intEnv('BENCH_DAYS', 14);
  const windowEnd = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const config: BenchConfig = {
    only: partsEnv(),
    databaseName,
    databaseUrl: url.toString(),
    fresh: process.env.BENCH_FRESH === '1',
    lines: intEnv('BENCH_LINES', 10_000_000),
    busyDayLines: intEnv('BENCH_BUSY_DAY_LINES', 800_000),
    installations: intEnv('BENCH_INSTALLATIONS', 200),
    days,
    repeat: intEnv('BENCH_REPEAT', 3),
    distDir: process.env.BENCH_NEXT_DIST_DIR ?? '.data/next-bench',
    windowStart: new Date(windowEnd.getTime() - days * DAY_MS),
    windowEnd,
    retentionDays: intEnv('LOG_RETENTION_DAYS', 30),
  };
  if (config.days < 8) throw new Error('BENCH_DAYS must be at least 8 (the summary reads 7 days before the busy day)');
  if (config.installations < 2) throw new Error('BENCH_INSTALLATIONS must be at least 2');
  if (config.lines <= busyInstallationLines(config) + config.installations * config.days) {
    throw new Error('BENCH_LINES is too small for BENCH_BUSY_DAY_LINES (the busy installation alone would take them all)');
  }
  return config;
}

/** The busy installation logs an eighth of its busy day on every other day, so 3 days ending on the busy day hold 1.25x the busy day. */
export function quietDayLines(config: Pick<BenchConfig, 'busyDayLines'>): number {
  return Math.round(config.busyDayLines / 8);
}

export function busyInstallationLines(config: Pick<BenchConfig, 'busyDayLines' | 'days'>): number {
  return config.busyDayLines + (config.days - 1) * quietDayLines(config);
}

/** What decides whether seeded data can be re-used: same numbers, same generator. */
export function seedParams(config: BenchConfig) {
  return {
    generator: 3, // 2: lines carry plain_ids; 3: and plain_message
    lines: config.lines,
    busyDayLines: config.busyDayLines,
    installations: config.installations,
    days: config.days,
  };
}

export const DAY = DAY_MS;

import type { LogLineInput } from '@/lib/logs/write-log-lines';
import type { AtlassianProduct } from '@/lib/generated/prisma/enums';
import { allocate } from '@/lib/demo/allocate';
import { BUSIEST, SITE_PLACE, TROUBLED, type InstallSpec } from '@/lib/demo/catalog';
import { MIX, messagePools, ownMessage, pickLevel, type Pools } from '@/lib/demo/demo-messages';
import { DAY, WINDOW_DAYS } from '@/lib/demo/demo-window';
import type { DemoLevel } from '@/lib/demo/loghub-messages';
import { hex32, int, mulberry32, pick, uuid, type Rng } from '@/lib/demo/random';
import type { SeededInstallation } from '@/lib/demo/seed-catalog';

// The demo's log lines: invocations of each installation's entry points,
// spread over the window by the site's working hours.

const CHUNK_ROWS = 10_000;

// More lines in the site's working hours, fewer at night and at weekends.
const HOUR_WEIGHT = [
  0.12, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.85, 1, 1, 0.95, 0.8, 0.9, 1, 1, 0.9, 0.75, 0.55, 0.4, 0.3, 0.22, 0.17, 0.14,
];

function sampleStart(rng: Rng, from: number, to: number, utcOffset: number): number {
  for (;;) {
    const t = from + rng() * (to - from);
    const local = new Date(t + utcOffset * 3_600_000);
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const weight = (HOUR_WEIGHT[local.getUTCHours()] ?? 1) * (weekend ? 0.4 : 1);
    if (rng() < weight) return t;
  }
}

/** Yields the lines of every installation in chunks. */
export function* generateChunks(installations: SeededInstallation[], now: number, total: number): Generator<LogLineInput[]> {
  const rng = mulberry32(0x10951a7e);
  const windowStart = now - WINDOW_DAYS * DAY;
  const key = (s: InstallSpec) => `${s.app}@${s.site}`;

  // Busiest first by name, the rest shuffled (Fisher-Yates), then Zipf weights.
  const rest = installations.filter((i) => !BUSIEST.includes(key(i.spec)));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = int(rng, 0, i);
    [rest[i], rest[j]] = [rest[j] as SeededInstallation, rest[i] as SeededInstallation];
  }
  const ranked = [...BUSIEST.flatMap((k) => installations.filter((i) => key(i.spec) === k)), ...rest];
  const weights = ranked.map((inst, rank) => {
    const from = Math.max(windowStart, inst.installedAt);
    const share = (now - from) / (now - windowStart);
    return (share / (rank + 1) ** 1.05) * (inst.spec.environment === 'PRODUCTION' ? 1 : 0.4);
  });
  const counts = allocate(weights, total);

  const poolsByApp = new Map<string, Pools>();
  let chunk: LogLineInput[] = [];
  for (const [index, inst] of ranked.entries()) {
    const count = counts[index] ?? 0;
    if (count === 0) continue;
    const { spec, appSpec } = inst;
    let pools = poolsByApp.get(appSpec.slug);
    if (!pools) poolsByApp.set(appSpec.slug, (pools = messagePools(appSpec)));
    const place = SITE_PLACE[spec.site] ?? { utcOffset: 0, region: 'us-east-1' };
    const mix = key(spec) === TROUBLED ? MIX.troubled : spec.environment === 'DEVELOPMENT' ? MIX.dev : MIX.normal;
    const from = Math.max(windowStart, inst.installedAt);
    const to = now - 5_000; // leaves room for an invocation's lines to stay before now
    const projectKey = spec.site.split(/[.-]/)[0]?.toUpperCase().slice(0, 4) ?? 'PROJ';

    // Older releases earlier in the window; an upgrade to the next one later.
    const current = spec.version ?? appSpec.versions.at(-1) ?? '1.0.0';
    const older = appSpec.versions.filter((v) => v !== current).slice(-2);
    const span = to - from;
    const cuts = span > 20 * DAY ? [from + span * (0.15 + rng() * 0.2), from + span * (0.55 + rng() * 0.3)] : [];
    const versionAt = (t: number) => {
      if (cuts.length === 2 && older.length === 2) return t < (cuts[0] ?? 0) ? older[0] : t < (cuts[1] ?? 0) ? older[1] : current;
      if (cuts.length === 2 && older.length === 1) return t < (cuts[1] ?? 0) ? older[0] : current;
      return current;
    };

    // Invocation sizes first, then their start times sorted, so ids grow with time.
    const sizes: number[] = [];
    for (let left = count; left > 0; ) {
      let n = int(rng, 2, 8);
      if (left - n < 2) n = left;
      sizes.push(n);
      left -= n;
    }
    const starts = sizes.map(() => sampleStart(rng, from, to, place.utcOffset)).sort((a, b) => a - b);

    for (const [k, size] of sizes.entries()) {
      const [entryModule, fn] = pick(rng, appSpec.entries);
      const invocationId = uuid(rng);
      const traceId = hex32(rng) + hex32(rng) + hex32(rng) + hex32(rng);
      const issueKey = `${projectKey}-${int(rng, 1, 4200)}`;
      let t = Math.floor(starts[k] ?? from);
      const appVersion = versionAt(t) ?? current;
      for (let line = 0; line < size; line++) {
        const level = pickLevel(rng, mix);
        const pool = pools[level];
        // The app's own voice for about a quarter of lines, and whenever loghub has nothing at that level.
        const borrowed = pool.length > 0 && rng() < 0.78 ? pick(rng, pool) : undefined;
        const message = borrowed?.message ?? ownMessage(rng, level, fn, spec.product, issueKey);
        const moduleName = borrowed?.module && rng() < 0.65 ? borrowed.module : entryModule;

        chunk.push({
          installationId: inst.id,
          ts: new Date(t),
          level,
          message,
          invocationId,
          traceId,
          module: moduleName,
          function: fn,
          appVersion,
          attributesJson: attributesFor(rng, level, place.region, spec.product, issueKey),
        });
        if (chunk.length >= CHUNK_ROWS) {
          yield chunk;
          chunk = [];
        }
        t += 1 + Math.floor(rng() * rng() * 180);
      }
    }
  }
  if (chunk.length) yield chunk;
}

function attributesFor(rng: Rng, level: DemoLevel, region: string, product: AtlassianProduct, issueKey: string): string | null {
  const r = rng();
  if (level === 'ERROR' && r < 0.6) return JSON.stringify({ statusCode: pick(rng, [500, 502, 503, 504]), retryable: rng() < 0.5 });
  if (r < 0.18) return JSON.stringify({ durationMs: int(rng, 4, 2_400), region });
  if (r < 0.26) return JSON.stringify(product === 'CONFLUENCE' ? { pageId: String(int(rng, 100_000, 999_999)) } : { issueKey });
  if (r < 0.31) return JSON.stringify({ durationMs: int(rng, 20, 900), statusCode: 200, cached: rng() < 0.3 });
  return null;
}

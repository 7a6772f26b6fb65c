import type { AtlassianProduct } from '@/lib/generated/prisma/enums';
import type { AppSpec } from '@/lib/demo/catalog-apps';
import { loghubMessages, type DemoLevel, type LoghubMessage } from '@/lib/demo/loghub-messages';
import { int, pick, type Rng } from '@/lib/demo/random';

// What a demo line says: its level, a loghub message that fits the app, or
// the app's own voice.

// Fraction of lines per level; the seeder then finds a message that has that level.
type LevelMix = Record<DemoLevel, number>;
const LEVEL_ORDER: DemoLevel[] = ['INFO', 'DEBUG', 'WARN', 'ERROR', 'TRACE'];
export const MIX: Record<'normal' | 'dev' | 'troubled', LevelMix> = {
  normal: { INFO: 0.7, DEBUG: 0.14, WARN: 0.08, ERROR: 0.03, TRACE: 0.05 },
  dev: { INFO: 0.45, DEBUG: 0.3, WARN: 0.07, ERROR: 0.03, TRACE: 0.15 },
  troubled: { INFO: 0.6, DEBUG: 0.1, WARN: 0.14, ERROR: 0.12, TRACE: 0.04 },
};

export function pickLevel(rng: Rng, mix: LevelMix): DemoLevel {
  let r = rng();
  for (const level of LEVEL_ORDER) {
    r -= mix[level];
    if (r < 0) return level;
  }
  return 'INFO';
}

// For sources without levels: which messages read like trouble.
const TROUBLE = /\b(error|fatal|exception|fail(ed|ure)?|refused|denied|invalid|timed? ?out|break-in|unable|cannot|lost)\b/i;

export type Pools = Record<DemoLevel, LoghubMessage[]>;

export function messagePools(app: AppSpec): Pools {
  const pools: Pools = { ERROR: [], WARN: [], INFO: [], DEBUG: [], TRACE: [] };
  for (const source of app.sources) {
    for (const m of loghubMessages(source)) {
      if (m.level) {
        pools[m.level].push(m);
      } else if (TROUBLE.test(m.message)) {
        pools.WARN.push(m);
        pools.ERROR.push(m);
      } else {
        pools.INFO.push(m);
        pools.DEBUG.push(m);
        pools.TRACE.push(m);
      }
    }
  }
  return pools;
}

// The app's own chatter, for levels the loghub sources never use (and to
// mix the platform's voice in with the borrowed messages).
export function ownMessage(rng: Rng, level: DemoLevel, fn: string, product: AtlassianProduct, key: string): string {
  const ms = int(rng, 3, 900);
  const jira = product !== 'CONFLUENCE';
  const api = jira ? `/rest/api/3/issue/${key}` : `/wiki/api/v2/pages/${int(rng, 100_000, 999_999)}`;
  switch (level) {
    case 'TRACE':
      return pick(rng, [`enter ${fn}`, `exit ${fn} after ${ms} ms`, `storage.get("settings") returned ${int(rng, 80, 4000)} bytes`]);
    case 'DEBUG':
      return pick(rng, [
        `requestJira GET ${api} -> 200 in ${ms} ms`,
        `cache miss for ${jira ? key : 'page tree'}, fetching`,
        `resolved context: product=${product.toLowerCase()} moduleKey=${fn}`,
        `payload size ${int(rng, 200, 60_000)} bytes`,
      ]);
    case 'WARN':
      return pick(rng, [`retrying ${api} after 429 (attempt ${int(rng, 1, 3)})`, `${fn} took ${ms * 10} ms, close to the 25 s limit`]);
    case 'ERROR':
      return pick(rng, [`${fn} failed: request to ${api} returned 500`, `unhandled rejection in ${fn}: socket hang up`]);
    default:
      // Now and then the personal data that real apps log by accident, for the download preview to find.
      if (rng() < 0.04) return personalDataMessage(rng, fn, key);
      return `${fn} done in ${ms} ms`;
  }
}

const PEOPLE = ['maria.gomez', 'j.chen', 'olu.adebayo', 'priya.raman', 'tom.becker', 'sofia.rossi'];

function personalDataMessage(rng: Rng, fn: string, key: string): string {
  const person = pick(rng, PEOPLE);
  return pick(rng, [
    `${fn}: sent reminder for ${key} to ${person}@customer.example`,
    `${fn}: user ${person}@customer.example signed in from 203.0.113.${int(rng, 1, 254)}`,
    `${fn}: calling back +1-202-555-01${int(rng, 10, 99)} about ${key}`,
    `${fn}: outgoing webhook with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIke3BlcnNvbn0ifQ.c2lnbmF0dXJlLXZhbHVl`,
    `${fn}: refund to card 4111 1111 1111 1111 for ${key} declined`,
  ]);
}


// Finds personal/confidential data in log messages so it can be flagged or masked before logs leave
// the customer. Pure TypeScript: runs in Node scripts, on the server and in the browser.
// findPii runs on every ingested line, so each detector is skipped when a cheap pre-check shows it
// cannot match (no '@', too few digits, ...). The patterns themselves live in detectors.ts.
import { countDigits, findCards, findEmails, findIps, findPhones, findTokens, type Span } from './detectors';

export type PiiKind = 'email' | 'ip' | 'token' | 'card' | 'phone';

export const PII_KINDS: readonly PiiKind[] = ['email', 'ip', 'token', 'card', 'phone'];

export const PII_LABELS: Record<PiiKind, string> = {
  email: 'E-mail addresses',
  ip: 'IP addresses',
  token: 'Tokens and secrets',
  card: 'Card numbers',
  phone: 'Phone numbers',
};

/** A detected span: [start, end) UTF-16 offsets into the text. */
export type PiiHit = { kind: PiiKind; start: number; end: number };

type Detector = (text: string, out: Span[]) => void;

// Fewest digits a match can have: cards have 13+, phones 8+ (E.164 with country code, or 3-3-4).
const MIN_CARD_DIGITS = 13;
const MIN_PHONE_DIGITS = 8;

export function findPii(text: string): PiiHit[] {
  const candidates: PiiHit[] = [];
  const run = (kind: PiiKind, detector: Detector) => {
    const spans: Span[] = [];
    detector(text, spans);
    for (const { start, end } of spans) candidates.push({ kind, start, end });
  };
  if (text.includes('@')) run('email', findEmails);
  run('ip', findIps);
  run('token', findTokens);
  const digits = countDigits(text);
  if (digits >= MIN_CARD_DIGITS) run('card', findCards);
  if (digits >= MIN_PHONE_DIGITS) run('phone', findPhones);
  return candidates.length < 2 ? candidates : resolveOverlaps(candidates);
}

const kindRank = (kind: PiiKind) => PII_KINDS.indexOf(kind);

// Longest match first (ties: earlier kind in PII_KINDS, then earlier start); a candidate overlapping
// one already kept is dropped. E.g. an e-mail whose local part looks like a phone stays an e-mail.
function resolveOverlaps(candidates: PiiHit[]): PiiHit[] {
  const byStart = [...candidates].sort((a, b) => a.start - b.start);
  // Usual case: nothing overlaps, so skip the quadratic pass below.
  if (byStart.every((hit, i) => i === 0 || (byStart[i - 1]?.end ?? 0) <= hit.start)) return byStart;
  const byPriority = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || kindRank(a.kind) - kindRank(b.kind) || a.start - b.start,
  );
  const kept: PiiHit[] = [];
  for (const hit of byPriority) {
    if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Replaces each hit (default: findPii(text)) by `[email]`, `[ip]`, `[token]`, `[card]` or `[phone]`. */
export function maskPii(text: string, hits: PiiHit[] = findPii(text)): string {
  let masked = '';
  let cursor = 0;
  for (const hit of hits) {
    // Hits from findPii are sorted and disjoint; skip anything else rather than garble the text.
    if (hit.start < cursor) continue;
    masked += text.slice(cursor, hit.start) + `[${hit.kind}]`;
    cursor = hit.end;
  }
  return masked + text.slice(cursor);
}

/**
 * maskPii, also saying where each placeholder landed: the masked text with
 * hits on `[email]` and the like, so a preview can mark them as it marks the
 * personal data itself.
 */
export function maskPiiKeepingHits(text: string, hits: PiiHit[] = findPii(text)): { text: string; hits: PiiHit[] } {
  let masked = '';
  let cursor = 0;
  const placed: PiiHit[] = [];
  for (const hit of hits) {
    if (hit.start < cursor) continue;
    masked += text.slice(cursor, hit.start);
    const placeholder = `[${hit.kind}]`;
    placed.push({ kind: hit.kind, start: masked.length, end: masked.length + placeholder.length });
    masked += placeholder;
    cursor = hit.end;
  }
  return { text: masked + text.slice(cursor), hits: placed };
}

/**
 * The stored format of log_lines.pii_kinds: bit i stands for PII_KINDS[i] (email=1, ip=2, token=4,
 * card=8, phone=16). The one definition: SQL reads it through lib/logs/hourly-stats-sql.ts.
 */
export const piiBit = (kind: PiiKind): number => 1 << kindRank(kind);

export function piiBits(hits: PiiHit[]): number {
  let bits = 0;
  for (const hit of hits) bits |= piiBit(hit.kind);
  return bits;
}

export function kindsOfBits(bits: number): PiiKind[] {
  return PII_KINDS.filter((kind) => (bits & piiBit(kind)) !== 0);
}

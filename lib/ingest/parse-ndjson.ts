import { AppError } from '@/lib/errors';
import { candidateOf, type LineCandidate, type ParsedBatch, type Rejection } from '@/lib/ingest/line-candidate';
import { isUtf8 } from 'node:buffer';
import { parseIngestLine } from '@/lib/validations/ingest';
import { LINES_PER_PAUSE, yieldToEventLoop } from '@/lib/event-loop';

// NDJSON: one JSON object per line. Each line is checked on its own, so one
// bad line is reported with its number and never takes the good ones with it.

const NEWLINE = 0x0a;

/** Splits the body into lines (blank lines skipped but counted) and validates each. */
export async function parseNdjson(body: Buffer, options: { maxLines: number }): Promise<ParsedBatch> {
  const candidates: LineCandidate[] = [];
  const rejected: Rejection[] = [];
  let start = 0;
  for (let number = 1; start < body.length; number++) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    const bytes = body.subarray(start, end);
    start = end + 1;
    if (isBlank(bytes)) continue;
    if (number % LINES_PER_PAUSE === 0) await yieldToEventLoop();
    if (candidates.length + rejected.length >= options.maxLines) {
      throw new AppError('payload_too_large', `A request may hold at most ${options.maxLines} lines; send smaller batches.`);
    }
    const result = parseLine(bytes, number);
    if (typeof result === 'string') rejected.push({ line: number, error: result });
    else candidates.push(result);
  }
  if (candidates.length + rejected.length === 0) throw new AppError('bad_request', 'The body holds no lines: send one JSON object per line (NDJSON).');
  return { candidates, rejected };
}

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}

function parseLine(bytes: Buffer, number: number): LineCandidate | string {
  if (!isUtf8(bytes)) return 'the line is not valid UTF-8';
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the line is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the line must be a JSON object';
  // Valid UTF-8 JSON can carry a NUL or an unpaired surrogate only as a \u escape.
  const parsed = parseIngestLine(value, { mayHoldEscapes: text.includes('\\u') });
  if (!parsed.success) return parsed.error;
  return candidateOf(parsed.data, number);
}

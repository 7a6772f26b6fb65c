import { AppError } from '@/lib/errors';
import { candidateOf, withInstallation, type LineCandidate, type LineNote, type ParsedBatch, type Rejection } from '@/lib/ingest/line-candidate';
import { isUtf8 } from 'node:buffer';
import { MAX_MESSAGE_CHARS, parseIngestLine, type InstallationDefault } from '@/lib/validations/ingest';
import { storableLogText } from '@/lib/validations/text';
import { LINES_PER_PAUSE, yieldToEventLoop } from '@/lib/event-loop';

// The body of POST /api/v1/ingest: NDJSON (one JSON object or one plain-text
// message per line) or one JSON array of objects (winston's batch, Vector,
// Fluent Bit, Logstash). Each line or item is checked on its own, so one bad
// line is reported with its number and never takes the good ones with it.

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

export type ParseNdjsonOptions = { maxLines: number; installation?: InstallationDefault | null };

export const PLAIN_TEXT_NOTE = 'not JSON: stored as a plain-text message at info';

type Tally = { candidates: LineCandidate[]; rejected: Rejection[]; notes: LineNote[]; timestampsAssigned: number; levelsAssigned: number; receivedAt: number; options: ParseNdjsonOptions };

/** Splits the body into lines (blank lines skipped but counted), or a JSON array into its items, and validates each. */
export async function parseNdjson(body: Buffer, options: ParseNdjsonOptions): Promise<ParsedBatch> {
  const tally: Tally = { candidates: [], rejected: [], notes: [], timestampsAssigned: 0, levelsAssigned: 0, receivedAt: Date.now(), options };
  if (isJsonArray(body)) await parseArray(body, tally);
  else await parseLines(body, tally);
  const { candidates, rejected, notes, timestampsAssigned, levelsAssigned } = tally;
  if (candidates.length + rejected.length === 0) throw new AppError('bad_request', 'The body holds no lines: send one JSON object per line (NDJSON) or a JSON array of objects.');
  return { candidates, rejected, notes, timestampsAssigned, levelsAssigned };
}

async function parseLines(body: Buffer, tally: Tally): Promise<void> {
  let start = 0;
  for (let number = 1; start < body.length; number++) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    const first = firstNonBlank(body, start, end);
    const lineStart = start;
    start = end + 1;
    if (first === -1) continue;
    if (number % LINES_PER_PAUSE === 0) await yieldToEventLoop();
    countLine(tally);
    const bytes = body.subarray(lineStart, end);
    if (!isUtf8(bytes)) {
      tally.rejected.push({ line: number, error: 'the line is not valid UTF-8' });
      continue;
    }
    const text = bytes.toString('utf8');
    if (body[first] !== OPEN_BRACE && body[first] !== OPEN_BRACKET) {
      plainTextLine(text, number, tally);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      tally.rejected.push({ line: number, error: 'the line is not valid JSON' });
      continue;
    }
    // Valid UTF-8 JSON can carry a NUL or an unpaired surrogate only as a \u escape.
    checkLine(value, number, text.includes('\\u'), tally);
  }
}

async function parseArray(body: Buffer, tally: Tally): Promise<void> {
  const malformed = 'The body starts with [ but is not a JSON array in UTF-8; send a JSON array of objects, or one JSON object per line.';
  if (!isUtf8(body)) throw new AppError('bad_request', malformed);
  const text = body.toString('utf8');
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', malformed);
  }
  if (!Array.isArray(items)) throw new AppError('bad_request', malformed);
  if (items.length > tally.options.maxLines) throw tooManyLines(tally.options.maxLines);
  const mayHoldEscapes = text.includes('\\u');
  for (let i = 0; i < items.length; i++) {
    if ((i + 1) % LINES_PER_PAUSE === 0) await yieldToEventLoop();
    checkLine(items[i], i + 1, mayHoldEscapes, tally);
  }
}

/** Refuses the whole request once it holds more lines than allowed. */
function countLine(tally: Tally): void {
  if (tally.candidates.length + tally.rejected.length >= tally.options.maxLines) throw tooManyLines(tally.options.maxLines);
}

function tooManyLines(maxLines: number): AppError {
  return new AppError('payload_too_large', `A request may hold at most ${maxLines} lines; send smaller batches.`);
}

function checkLine(value: unknown, number: number, mayHoldEscapes: boolean, tally: Tally): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    tally.rejected.push({ line: number, error: 'the line must be a JSON object' });
    return;
  }
  const parsed = parseIngestLine(value, { mayHoldEscapes, receivedAt: tally.receivedAt, installation: tally.options.installation });
  if (!parsed.success) {
    tally.rejected.push({ line: number, error: parsed.error });
    return;
  }
  if (parsed.timeAssigned) tally.timestampsAssigned++;
  if (parsed.levelAssigned) tally.levelsAssigned++;
  tally.candidates.push(withInstallation(candidateOf(parsed.data, number), tally.options.installation));
}

/** A line that is not JSON: its text is the message, at info, received now. */
function plainTextLine(text: string, number: number, tally: Tally): void {
  const message = text.trimEnd();
  const problems: string[] = [];
  if (message.length > MAX_MESSAGE_CHARS) problems.push(`message: message must be at most ${MAX_MESSAGE_CHARS} characters`);
  if (!tally.options.installation) problems.push('installationId or siteUrl is required: a plain-text line takes them from the Logshare-Installation header or the installationId or siteUrl query parameter');
  if (problems.length) {
    tally.rejected.push({ line: number, error: `${PLAIN_TEXT_NOTE}; ${problems.join('; ')}` });
    return;
  }
  tally.timestampsAssigned++;
  tally.notes.push({ line: number, note: PLAIN_TEXT_NOTE });
  tally.candidates.push(
    withInstallation(
      candidateOf({ timestamp: tally.receivedAt, level: 'INFO', message: storableLogText(message), attributes: null }, number),
      tally.options.installation,
    ),
  );
}

/** Whether the body's first byte other than whitespace (newlines included) is `[`. */
function isJsonArray(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== NEWLINE) return byte === OPEN_BRACKET;
  }
  return false;
}

/** The index of the first byte in [start, end) that is not a space, tab or CR; -1 for a blank line. */
function firstNonBlank(bytes: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return i;
  }
  return -1;
}

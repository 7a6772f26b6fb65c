import { AppError } from '@/lib/errors';

// Keyset cursor: the (ts, id) of the last line of a page, opaque to clients.

export type LogCursor = { ts: Date; id: string };

/** Line ids are a PostgreSQL bigint. */
const MAX_LINE_ID = 2n ** 63n - 1n;
/** Times the cursor may hold: the years PostgreSQL and ISO-8601 both take (a line is never stamped outside them). */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.ts.toISOString()}|${cursor.id}`).toString('base64url');
}

/** The cursor a previous page gave out; anything else (a time or an id the database cannot hold included) is a 400. */
export function decodeLogCursor(value: string): LogCursor {
  const [iso, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const ts = new Date(iso ?? '');
  const time = ts.getTime();
  if (!iso || !(time >= EARLIEST && time <= LATEST) || !id || !/^\d{1,19}$/.test(id) || BigInt(id) > MAX_LINE_ID || rest.length > 0) {
    throw new AppError('bad_request', 'cursor is not one this API gave out.');
  }
  return { ts, id };
}

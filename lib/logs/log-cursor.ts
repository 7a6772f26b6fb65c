import { AppError } from '@/lib/api/errors';

// Keyset cursor: the (ts, id) of the last line of a page, opaque to clients.

export type LogCursor = { ts: Date; id: string };

export function encodeLogCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.ts.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeLogCursor(value: string): LogCursor {
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const ts = new Date(iso ?? '');
  if (!iso || Number.isNaN(ts.getTime()) || !id || !/^\d{1,19}$/.test(id)) {
    throw new AppError('bad_request', 'cursor is not one this API gave out.');
  }
  return { ts, id };
}

import { AppError } from '@/lib/errors';

// A reference to one stored line, opaque to clients: its installation and its
// primary key (ts, id) inside it. The viewer's permalinks and context reads
// carry it in the URL path, so it is URL-safe and short.

export type LineRef = { installationId: string; ts: Date; id: string };

/** Installation ids are the portal's own (cuid-like), never holding the separator. */
const INSTALLATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LINE_ID = /^\d{1,19}$/;
/** Line ids are a PostgreSQL bigint. */
const MAX_LINE_ID = 2n ** 63n - 1n;
/** Times a line may hold: the years PostgreSQL and ISO-8601 both take. */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A reference is at most ~120 characters; anything longer is not one of ours. */
const MAX_ENCODED = 200;

export function encodeLineRef(ref: LineRef): string {
  return Buffer.from(`${ref.installationId}|${ref.ts.toISOString()}|${ref.id}`).toString('base64url');
}

/**
 * The line a reference names, or null when it is not one the API gave out
 * (callers turn that into a 404, like any unknown id in a path).
 */
export function decodeLineRef(value: string): LineRef | null {
  if (value.length === 0 || value.length > MAX_ENCODED || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const [installationId, iso, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !installationId || !iso || !id) return null;
  if (!INSTALLATION_ID.test(installationId) || !LINE_ID.test(id) || BigInt(id) > MAX_LINE_ID) return null;
  // Only the exact form encodeLineRef writes: no other spelling of the same instant.
  const ts = new Date(iso);
  const time = ts.getTime();
  if (!(time >= EARLIEST && time <= LATEST) || ts.toISOString() !== iso) return null;
  return { installationId, ts, id };
}

/** decodeLineRef for a path segment: a reference that cannot name a line is a 404. */
export function lineRefFromPath(value: string): LineRef {
  const ref = decodeLineRef(value);
  if (!ref) throw new AppError('not_found', 'No such line.');
  return ref;
}

import 'server-only';
import { AppError } from '@/lib/errors';
import { pgPool } from '@/lib/db/prisma';
import { ensureLogPartitions } from '@/lib/db/log-partitions';
import { writePreparedLogLines, type PreparedLogLines } from '@/lib/logs/write-log-lines';
import { storableJsonText } from '@/lib/validations/text';

// Stores one ingest batch, its rows prepared beforehand (so the transaction
// holds its pooled connection only while the database works): all of its
// valid lines or none, in one
// transaction with the hourly statistics and (when the request carried an
// Idempotency-Key) the answer to replay. Committed means durable.

export type IngestAnswer = { status: number; body: unknown };
export type Idempotency = { key: string; requestHash: string };
export type StoredAnswer = IngestAnswer & { replayed: boolean };

const NO_PARTITION = '23514'; // check_violation: "no partition of relation found for row"

export async function storeIngestBatch(options: {
  tokenId: string;
  /** How many lines `prepared` holds. */
  accepted: number;
  prepared: PreparedLogLines;
  answer: IngestAnswer;
  idempotency: Idempotency | null;
  retentionDays: number;
}): Promise<StoredAnswer> {
  // The caller has looked for an earlier answer (findIngestReplay); one that commits meanwhile is found below.
  if (options.accepted === 0 && !options.idempotency) return { ...options.answer, replayed: false };
  try {
    return await storeOnce(options);
  } catch (error) {
    if ((error as { code?: string }).code !== NO_PARTITION) throw error;
    // A day whose partition is not there yet (maintenance creates them ahead; this
    // covers a gap). Every accepted line lies in the window ensureLogPartitions covers.
    await ensureLogPartitions(pgPool(), { retentionDays: options.retentionDays });
    return storeOnce(options);
  }
}

async function storeOnce(options: Parameters<typeof storeIngestBatch>[0]): Promise<StoredAnswer> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    if (options.idempotency) {
      // The primary key settles concurrent duplicates: the second waits here for the first and finds its row.
      const { rowCount } = await client.query(
        `INSERT INTO idempotency_keys (token_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (token_id, key) DO NOTHING`,
        [options.tokenId, options.idempotency.key, options.idempotency.requestHash, options.answer.status, storableJsonText(JSON.stringify(options.answer.body))],
      );
      if (rowCount === 0) {
        await client.query('ROLLBACK');
        const earlier = await findIngestReplay(options.tokenId, options.idempotency);
        if (earlier) return earlier;
        throw new AppError('conflict', 'A request with this Idempotency-Key is being processed; retry it.');
      }
    }
    await writePreparedLogLines(client, options.prepared);
    await client.query('COMMIT');
    return { ...options.answer, replayed: false };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The answer already given to a request with this Idempotency-Key, or null; the same key with another body is a 422. */
export async function findIngestReplay(tokenId: string, idempotency: Idempotency): Promise<StoredAnswer | null> {
  const { rows } = await pgPool().query<{ request_hash: string; response_status: number; response_body: unknown }>(
    'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE token_id = $1 AND key = $2',
    [tokenId, idempotency.key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.request_hash !== idempotency.requestHash) {
    throw new AppError('unprocessable', 'This Idempotency-Key was already used for a different request body; use a new key for new data.');
  }
  return { status: row.response_status, body: row.response_body, replayed: true };
}

/** Forgets idempotency keys older than a day: a retry comes within minutes, not days. */
export async function purgeIdempotencyKeys(now = new Date()): Promise<number> {
  const { rowCount } = await pgPool().query('DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now.getTime() - 86_400_000)]);
  return rowCount ?? 0;
}

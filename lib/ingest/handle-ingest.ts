import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { requirePaidApp } from '@/lib/auth/permissions';
import { pgPool } from '@/lib/db/prisma';
import { serverEnv } from '@/lib/env';
import { authenticateIngestToken, type IngestCaller } from '@/lib/ingest-tokens/ingest-tokens';
import type { IngestBatch } from '@/lib/ingest/check-candidates';
import { findInstallations } from '@/lib/ingest/find-installations';
import type { Rejection } from '@/lib/ingest/line-candidate';
import { enforceIngestRate, rateWindowStart } from '@/lib/ingest/rate-limit-ingest';
import { refuseIngestWhenDatabaseBusy } from '@/lib/ingest/shed-ingest-load';
import { findIngestReplay, storeIngestBatch, type IngestAnswer, type StoredAnswer } from '@/lib/ingest/store-ingest-batch';
import { bearerSecret } from '@/lib/tokens/secret-tokens';

// The steps every ingest endpoint shares (NDJSON and OTLP over HTTP, OTLP
// over gRPC), free of any protocol: each edge hands in what its request
// carried and turns the answer (or the AppError thrown) into its own form.
// In the order that keeps the cheap refusals first: a database too busy to
// take more (503), token (401), rate (429), body (413/415/400), a replayed
// Idempotency-Key (its first answer), then per-line checks, then one
// transaction for everything valid.

export type IngestFormat = {
  /** Names the format in the idempotency hash, so one key cannot replay across endpoints. */
  name: string;
  parse: (body: Buffer, options: { maxLines: number }) => Promise<IngestBatch>;
  /** `batch` for what the parse noted about its lines (NDJSON's notes and timestampsAssigned). */
  answer: (accepted: number, rejected: Rejection[], batch: IngestBatch) => IngestAnswer;
};

/** What one request carried, as its protocol's edge read it. */
export type IngestCall = {
  /** The `authorization` value as sent: `Bearer <ingest token>`. */
  authorization: string | null;
  idempotencyKey: string | null;
  /** The body, at most `maxBytes` after decompression; called only once the cheap refusals are passed. */
  readBody: (maxBytes: number) => Promise<Buffer>;
};

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

async function ingestCaller(authorization: string | null, windowStart: Date, now: Date): Promise<IngestCaller> {
  const secret = bearerSecret(authorization);
  const caller = secret ? await authenticateIngestToken(secret, { windowStart, now }) : null;
  if (!caller) {
    throw new AppError('unauthenticated', 'Send Authorization: Bearer <ingest token>; this one is missing, unknown or revoked.', {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  requirePaidApp({ isPaid: caller.appIsPaid });
  return caller;
}

/** One ingest request, start to end: the answer to give (stored, or replayed), or an AppError. */
export async function ingest(call: IngestCall, format: IngestFormat): Promise<StoredAnswer> {
  refuseIngestWhenDatabaseBusy(pgPool());
  const env = serverEnv();
  const now = new Date();
  const windowStart = rateWindowStart(now);
  const caller = await ingestCaller(call.authorization, windowStart, now);
  enforceIngestRate({ requests: caller.requestsThisWindow, requestsPerMinute: env.INGEST_REQUESTS_PER_MINUTE, windowStart, now });

  const key = call.idempotencyKey;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('bad_request', 'Idempotency-Key must be 1-255 printable ASCII characters without spaces.');
  }
  const body = await call.readBody(env.INGEST_MAX_BODY_BYTES);
  const idempotency = key === null ? null : { key, requestHash: createHash('sha256').update(format.name).update('\n').update(body).digest('hex') };
  // A replay is answered before any parsing.
  const replay = idempotency && (await findIngestReplay(caller.tokenId, idempotency));
  if (replay) return replay;

  const batch = await format.parse(body, { maxLines: env.INGEST_MAX_LINES });
  try {
    const installations = await findInstallations(caller.appId, batch.refs);
    const settled = await batch.settle({ installations, environment: caller.environment, retentionDays: env.LOG_RETENTION_DAYS, now });
    const allRejected = [...batch.rejected, ...settled.rejected].sort((a, b) => a.line - b.line);
    return await storeIngestBatch({
      tokenId: caller.tokenId,
      accepted: settled.accepted,
      prepared: settled.prepared,
      answer: format.answer(settled.accepted, allRejected, batch),
      idempotency,
      retentionDays: env.LOG_RETENTION_DAYS,
    });
  } finally {
    batch.release();
  }
}

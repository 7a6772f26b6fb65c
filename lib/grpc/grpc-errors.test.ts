import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requirePaidApp } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { grpcErrorOf } from '@/lib/grpc/grpc-errors';
import { otlpMessages, RETRY_INFO_TYPE_URL } from '@/lib/ingest/otlp-proto-schema';

type Details = { code: number; message: string; details?: { typeUrl: string; value: Uint8Array }[] };

function detailsOf(error: ReturnType<typeof grpcErrorOf>): { status: Details; retrySeconds: number | null } {
  const [bytes] = error.metadata!.get('grpc-status-details-bin') as Buffer[];
  const decoded = otlpMessages.status.toObject(otlpMessages.status.decode(bytes!), { longs: Number }) as Details;
  const retry = decoded.details?.find((d) => d.typeUrl === RETRY_INFO_TYPE_URL);
  const info = retry && (otlpMessages.retryInfo.toObject(otlpMessages.retryInfo.decode(retry.value), { longs: Number }) as { retryDelay?: { seconds?: number } });
  return { status: decoded, retrySeconds: info ? (info.retryDelay?.seconds ?? 0) : null };
}

const thrown = (work: () => void) => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
};

describe('the gRPC error mapper', () => {
  it('maps each refusal of ingest to the status OTLP/gRPC clients act on', () => {
    const cases: [unknown, status][] = [
      [new AppError('unauthenticated', 'no token'), status.UNAUTHENTICATED],
      [new AppError('bad_request', 'bad bytes'), status.INVALID_ARGUMENT],
      [new AppError('unprocessable', 'key reused with another body'), status.INVALID_ARGUMENT],
      [thrown(() => requirePaidApp({ isPaid: false })), status.PERMISSION_DENIED],
      [new AppError('payload_too_large', 'too many records'), status.RESOURCE_EXHAUSTED],
      [new AppError('conflict', 'key in progress'), status.ABORTED],
      [z.object({ a: z.string() }).safeParse({}).error, status.INVALID_ARGUMENT],
    ];
    for (const [error, code] of cases) {
      const mapped = grpcErrorOf(error);
      expect(mapped.code).toBe(code);
      // Only what a client may retry later carries a RetryInfo.
      expect(detailsOf(mapped)).toMatchObject({ status: { code }, retrySeconds: null });
    }
  });

  it('asks for a retry after the Retry-After seconds: RESOURCE_EXHAUSTED for the rate limit, UNAVAILABLE for load and the database', () => {
    const limited = grpcErrorOf(new AppError('rate_limited', 'slow down', { 'retry-after': '17' }));
    expect(limited.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(limited.details).toBe('slow down');
    expect(detailsOf(limited)).toEqual({ status: expect.objectContaining({ code: status.RESOURCE_EXHAUSTED, message: 'slow down' }) as Details, retrySeconds: 17 });

    const busy = grpcErrorOf(new AppError('unavailable', 'busy', { 'retry-after': '1' }));
    expect([busy.code, detailsOf(busy).retrySeconds]).toEqual([status.UNAVAILABLE, 1]);

    const down = grpcErrorOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect([down.code, detailsOf(down).retrySeconds]).toEqual([status.UNAVAILABLE, 2]);
  });

  it('answers anything else INTERNAL without its message', () => {
    const mapped = grpcErrorOf(new TypeError('secret internals'));
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.details).not.toMatch(/secret/);
  });
});

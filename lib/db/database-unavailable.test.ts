import { describe, expect, it } from 'vitest';
import { errorResponse } from '@/lib/api/errors';
import { RETRY_AFTER_SECONDS } from '@/lib/errors';
import { isDatabaseUnavailable } from '@/lib/db/database-unavailable';

// The shapes a lost or busy database takes, as node-postgres, pg-pool and
// Prisma's pg adapter raise them (recorded from a real PostgreSQL being
// terminated, killed and stopped), against faults that are not the database's.

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'FATAL' });
const prismaError = (code: string, cause: Record<string, unknown>) => Object.assign(new Error('Invalid `prisma.user.findFirst()` invocation'), { code, meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['terminated by pg_terminate_backend', pgError('57P01', 'terminating connection due to administrator command')],
    ['crash of another backend', pgError('57P02')],
    ['starting up or in recovery', pgError('57P03', 'the database system is starting up')],
    ['too many connections', pgError('53300')],
    ['connection exception class 08', pgError('08006')],
    ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
    ['the server went away mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool stayed full', new Error('timeout exceeded when trying to connect')],
    ['Prisma: cannot reach', prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['Prisma raw query: connection closed', prismaError('P2010', { kind: 'ConnectionClosed' })],
    ['Prisma raw query: terminated', prismaError('P2010', { kind: 'postgres', code: '57P01' })],
    ['wrapped as a cause', new Error('failed', { cause: pgError('57P01') })],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['a unique violation', pgError('23505')],
    ['Prisma: record not found', prismaError('P2025', { kind: 'RecordNotFound' })],
    ['Prisma raw query: syntax error', prismaError('P2010', { kind: 'postgres', code: '42601' })],
    ['not an error', 'ECONNREFUSED'],
  ])('not %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('errorResponse', () => {
  it('answers an unavailable database 503 unavailable with Retry-After', async () => {
    const response = errorResponse(new Error('Connection terminated unexpectedly'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(await response.json()).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('still answers anything else 500 internal', async () => {
    const response = errorResponse(new TypeError('x is undefined'));
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
  });
});

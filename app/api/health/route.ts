import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { pgPool } from '@/lib/db/prisma';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** 200 when the database answers within two seconds, 503 otherwise. */
export const GET = apiRoute(async () => {
  try {
    await Promise.race([
      pgPool().query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer in 2 s')), 2_000)),
    ]);
    return NextResponse.json({ status: 'ok', database: 'up' });
  } catch (error) {
    log.warn('health check failed', { error });
    return NextResponse.json({ status: 'unavailable', database: 'down' }, { status: 503 });
  }
});

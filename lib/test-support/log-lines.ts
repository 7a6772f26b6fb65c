import { pgPool } from '@/lib/db/prisma';
import { writeLogLines, type LogLineInput } from '@/lib/logs/write-log-lines';

/** Writes lines through the one writer in a transaction of their own and commits; a failed write's connection is discarded, not pooled. */
export async function commitLogLines(lines: LogLineInput[]): Promise<void> {
  const client = await pgPool().connect();
  try {
    await client.query('BEGIN');
    await writeLogLines(client, lines);
    await client.query('COMMIT');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyRunningError, startEmbeddedPostgres } from '@/lib/db/embedded-postgres';

// The zero-setup database's life cycle, with a real owner process that is
// killed the hard way, as a crash would.

const fixture = path.join(process.cwd(), 'lib', 'test-support', 'hold-embedded-postgres.ts');

function startOwner(dataRoot: string): Promise<{ child: ChildProcess; url: string }> {
  // node itself (not the tsx wrapper), so SIGKILL hits the owner and nothing else.
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataRoot], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`owner exited early with ${code}`)));
  });
}

async function postmasterPid(dataRoot: string): Promise<number> {
  return Number((await readFile(path.join(dataRoot, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let dataRoot: string;
  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(os.tmpdir(), 'logshare-embedded-'));
  });
  afterAll(async () => {
    // Whatever happened above, leave no postgres behind.
    const pid = await postmasterPid(dataRoot).catch(() => 0);
    if (pid && isAlive(pid)) process.kill(pid, 'SIGINT');
  });

  it('refuses a second start while the first owner runs, and recovers after the owner crashes', async () => {
    const owner = await startOwner(dataRoot);
    expect(await selectOne(owner.url)).toBe(1);
    await expect(startEmbeddedPostgres(dataRoot)).rejects.toBeInstanceOf(AlreadyRunningError);

    // A crash: the owner dies without stopping its postgres, which lives on.
    const orphan = await postmasterPid(dataRoot);
    owner.child.kill('SIGKILL');
    await new Promise((r) => owner.child.once('exit', r));
    expect(isAlive(orphan)).toBe(true);

    // The next start stops the orphan and brings the same cluster back up.
    const again = await startEmbeddedPostgres(dataRoot);
    try {
      expect(isAlive(orphan)).toBe(false);
      expect(await selectOne(again.url)).toBe(1);
    } finally {
      await again.stop();
    }
    const last = await postmasterPid(dataRoot).catch(() => 0);
    expect(last === 0 || !isAlive(last)).toBe(true);
  });
});

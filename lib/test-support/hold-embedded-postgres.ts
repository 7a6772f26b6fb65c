// Test fixture: owns an embedded PostgreSQL in the folder given as argv[2],
// prints its URL as JSON, and waits to be killed.
import { startEmbeddedPostgres } from '@/lib/db/embedded-postgres';

async function main() {
  const dataRoot = process.argv[2];
  if (!dataRoot) throw new Error('usage: hold-embedded-postgres <dataRoot>');
  const db = await startEmbeddedPostgres(dataRoot);
  process.stdout.write(JSON.stringify({ url: db.url, pid: process.pid }) + '\n');
  process.on('SIGTERM', () => void db.stop().then(() => process.exit(0)));
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Seeds the demo data (lib/demo/seed-demo.ts) into DATABASE_URL.
//   npx tsx scripts/seed.ts [--reset] [--lines N]
// Without --reset an already seeded database is left alone.
import { seedDemo } from '@/lib/demo/seed-demo';

function parseArgs(argv: string[]): { reset: boolean; lines?: number } {
  const reset = argv.includes('--reset');
  const at = argv.indexOf('--lines');
  if (at === -1) return { reset };
  const lines = Number(argv[at + 1]);
  if (!Number.isInteger(lines) || lines < 0) {
    console.error('--lines needs a whole number, e.g. --lines 50000');
    process.exit(2);
  }
  return { reset, lines };
}

// tsx runs this file as CommonJS (package.json has no "type"): no top-level await.
async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is not set. Point it at a migrated PostgreSQL database, e.g.\n  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/logshare npx tsx scripts/seed.ts --reset');
    process.exit(2);
  }
  const { reset, lines } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = await seedDemo({ databaseUrl, reset, ...(lines === undefined ? {} : { totalLogLines: lines }) });
  console.log(JSON.stringify({ ...result, reset, seconds: (Date.now() - started) / 1000 }));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

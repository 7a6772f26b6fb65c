// Applies prisma/migrations to DATABASE_URL, the way `prisma migrate deploy` would.
import { migrate } from '@/lib/db/migrate';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to the database to migrate (npm start migrates the embedded database itself).');
    process.exit(2);
  }
  const { applied } = await migrate(url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

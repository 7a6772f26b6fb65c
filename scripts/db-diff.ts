// Prints the migration SQL for prisma/schema.prisma: from an empty database,
// or (with DATABASE_URL set and --from-database) from that database's schema.
// Write the output into prisma/migrations/<timestamp>_<name>/migration.sql.
import path from 'node:path';
import { diffDatabaseToSchema, diffFromEmpty } from '@/lib/db/schema-engine';

const schemaPath = path.join(process.cwd(), 'prisma', 'schema.prisma');
const fromDatabase = process.argv.includes('--from-database');
const url = process.env.DATABASE_URL;
if (fromDatabase && !url) {
  console.error('--from-database needs DATABASE_URL');
  process.exit(2);
}
async function main() {
  const sql = fromDatabase && url ? await diffDatabaseToSchema(schemaPath, url) : await diffFromEmpty(schemaPath);
  process.stdout.write(sql.endsWith('\n') ? sql : sql + '\n');
}

void main();

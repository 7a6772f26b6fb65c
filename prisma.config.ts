import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI where it can run (generate here; migrate on a machine
// with network). The app itself applies prisma/migrations with lib/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});

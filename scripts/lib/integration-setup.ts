// Integration tests run against the fresh, migrated database that
// `npm test` (scripts/test.ts) creates for the run and drops afterwards.
if (!process.env.TEST_DATABASE_URL) {
  throw new Error('Integration tests need a database: run them with `npm test`, which provides one.');
}
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
process.env.NEXTAUTH_SECRET ??= 'integration-test-secret-0123456789';

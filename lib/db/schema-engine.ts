import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

// Prisma's schema engine, compiled to WebAssembly, driven by hand. The Prisma
// CLI's migrate commands need a native engine downloaded from Prisma's own
// host, which these machines cannot reach; the wasm build ships inside npm
// packages. Used to write new migration SQL (scripts/db-diff.ts) and by the
// drift test. The wasm shipped inside `prisma` has the CLI's exact engine
// version; the glue JS comes from @prisma/schema-engine-wasm.

type DiffTarget =
  | { tag: 'empty' }
  | { tag: 'schemaDatamodel'; files: SchemaFile[] }
  | { tag: 'schemaDatasource'; files: SchemaFile[]; configDir: string };
type SchemaFile = { path: string; content: string };
type Engine = { diff(params: object): Promise<{ stdout: string | null; exitCode: number }> };
type Glue = Record<string, unknown> & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: object, log: () => void, adapter: object) => Promise<Engine> };
};

// Resolved from the project root: this module runs under tsx (CJS) and Vitest (ESM).
const require = createRequire(`${process.cwd()}/`);
let gluePromise: Promise<Glue> | undefined;

function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    // The engine reports Rust panics through this global.
    const panics = { message: '', set_message: (m: string) => void (panics.message = m) };
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = panics;
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg' as string)) as Glue;
    const candidates = [
      path('prisma/package.json', './build/schema_engine_bg.wasm'),
      path('@prisma/schema-engine-wasm/schema_engine_bg', './schema_engine_bg.wasm'),
    ];
    const wasmModule = candidates
      .filter((file) => fs.existsSync(file))
      .map((file) => new WebAssembly.Module(fs.readFileSync(file)))
      .find((m) => WebAssembly.Module.imports(m).every((i) => i.name in glue));
    if (!wasmModule) throw new Error('No usable Prisma schema engine wasm found in node_modules');
    const instance = new WebAssembly.Instance(wasmModule, { './schema_engine_bg.js': glue as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

function path(pkg: string, file: string): string {
  return new URL(file, `file://${require.resolve(pkg)}`).pathname;
}

function schemaFiles(schemaPath: string): SchemaFile[] {
  return [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }];
}

async function runDiff(schemaPath: string, adapter: object, from: DiffTarget): Promise<string> {
  const glue = await loadGlue();
  const files = schemaFiles(schemaPath);
  const engine = await glue.SchemaEngine.new({ datamodels: files.map((f) => [f.path, f.content]) }, () => undefined, adapter);
  const { stdout } = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return stdout ?? '';
}

/** SQL that builds the schema from nothing (`migrate diff --from-empty --to-schema`). */
export async function diffFromEmpty(schemaPath: string): Promise<string> {
  // The engine insists on an adapter and asks it for the server version only.
  const offline = async () => {
    throw new Error('offline diff touches no database');
  };
  const connection = () => ({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
    queryRaw: async ({ sql }: { sql: string }) =>
      sql.includes('server_version_num')
        ? { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [5, 7, 0], rows: [[true, 'PostgreSQL 16.0', 160000]] }
        : offline(),
    executeRaw: offline,
    executeScript: offline,
    startTransaction: offline,
    dispose: async () => undefined,
  });
  const adapter = bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: async () => connection(),
    connectToShadowDb: async () => connection(),
  } as never);
  return runDiff(schemaPath, adapter, { tag: 'empty' });
}

/** SQL that would bring a live database to the schema; "empty migration" means no drift. */
export async function diffDatabaseToSchema(schemaPath: string, databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // adapter-pg cannot decode PostgreSQL's internal "char" type (oid 18), which
  // the engine's catalog queries return; relabel it as text.
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    return await runDiff(schemaPath, adapter, { tag: 'schemaDatasource', files: schemaFiles(schemaPath), configDir: process.cwd() });
  } finally {
    await pool.end();
  }
}

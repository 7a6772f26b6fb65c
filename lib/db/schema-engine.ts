import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
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
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(charAwareAdapterFactory(pool));
    return await runDiff(schemaPath, adapter, { tag: 'schemaDatasource', files: schemaFiles(schemaPath), configDir: process.cwd() });
  } finally {
    await pool.end();
  }
}

const PG_CHAR = 18; // PostgreSQL's internal one-byte "char" (pg_constraint.contype and the like)
const PG_TEXT = 25;

/**
 * adapter-pg refuses columns of PostgreSQL's internal "char" type, which the
 * engine's catalog queries return, and the engine reads some of them only as
 * a Character (PostgreSQL 18 lists NOT NULL constraints in pg_constraint with
 * contype 'n', so its constraint query returns rows where 15 returned none,
 * and a "char" read as text makes the engine panic). So such columns are
 * decoded as text by pg and then reported to the engine as Character.
 */
function charAwareAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const charColumns = new WeakMap<unknown[], number[]>();
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    const chars = (result.fields ?? []).flatMap((field, i) => (field.dataTypeID === PG_CHAR ? [i] : []));
    for (const i of chars) result.fields[i]!.dataTypeID = PG_TEXT;
    if (chars.length > 0) charColumns.set(result.rows, chars);
    return result;
  };
  const withCharColumns = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (params) => {
      const result = await queryRaw(params);
      for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    };
    return adapter;
  };
  const factory = new PrismaPg(pool);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withCharColumns(await factory.connect()),
    connectToShadowDb: async () => withCharColumns(await factory.connectToShadowDb()),
  };
}

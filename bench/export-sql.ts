import Module from 'node:module';

// The export endpoint's own SQL, for running it straight through COPY.
// lib/logs/export-logs.ts begins with `import 'server-only'`, which throws
// outside Next; its exportSql is a pure function, so 'server-only' is resolved
// to the same empty stub Vitest uses. That keeps the bench measuring the very
// query the endpoint runs, not a copy that could drift from it. The hook must
// be in place before export-logs loads, hence the require below rather than a
// static import (tsx runs the bench as CommonJS, so imports are hoisted).

const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = (request, ...rest) => resolve(request === 'server-only' ? '@/scripts/lib/server-only-stub' : request, ...rest);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const exportLogs = require('@/lib/logs/export-logs') as typeof import('@/lib/logs/export-logs');

export const exportSql = exportLogs.exportSql;
export const exportDecoder = exportLogs.exportDecoder;
export type ExportOptions = import('@/lib/logs/export-logs').ExportOptions;

/** COPY of the raw columns the export writes, same slice and order: what PostgreSQL alone can do. */
export function rawCopySql(options: { installationId: string; from: Date; to: Date }): string {
  const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
  return `COPY (SELECT ts, level, message, invocation_id, trace_id, module, "function", app_version
    FROM log_lines
    WHERE installation_id = ${literal(options.installationId)}
      AND ts >= ${literal(options.from.toISOString())}::timestamptz
      AND ts < ${literal(options.to.toISOString())}::timestamptz
    ORDER BY ts, id) TO STDOUT`;
}

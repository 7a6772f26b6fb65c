import { findPii, type PiiHit } from '@/lib/pii/detect-pii';

// A log line as the API serves it: timestamps ISO-8601 UTC with Z, levels in
// lower case, and where personal data sits in the message.

/** The columns of log_lines that a served line is made of. */
export const LOG_LINE_COLUMNS = ['id', 'ts', 'level', 'message', 'invocation_id', 'trace_id', 'module', '"function"', 'app_version', 'attributes', 'pii_kinds'] as const;

/** Those columns of `alias` as a select list for LogLineRow: the id (a bigint) as text, which JavaScript numbers cannot hold. */
export function logLineSelect(alias: string): string {
  return LOG_LINE_COLUMNS.map((c) => (c === 'id' ? `${alias}.id::text AS id` : `${alias}.${c}`)).join(', ');
}

export type LogLineRow = {
  id: string;
  ts: Date;
  level: string;
  message: string;
  invocation_id: string | null;
  trace_id: string | null;
  module: string | null;
  function: string | null;
  app_version: string | null;
  attributes: unknown;
  /** The kinds of personal data the writer found in the message (lib/pii); 0 for none. */
  pii_kinds: number;
};

export type LogLineJson = {
  id: string;
  timestamp: string;
  level: string;
  message: string;
  invocationId: string | null;
  traceId: string | null;
  module: string | null;
  function: string | null;
  appVersion: string | null;
  attributes: unknown;
  personalData: PiiHit[];
};

export function logLineJson(row: LogLineRow): LogLineJson {
  return {
    id: row.id,
    timestamp: row.ts.toISOString(),
    level: row.level.toLowerCase(),
    message: row.message,
    invocationId: row.invocation_id,
    traceId: row.trace_id,
    module: row.module,
    function: row.function,
    appVersion: row.app_version,
    attributes: row.attributes ?? null,
    // Where the hits sit is found again only in lines the writer found some in.
    personalData: row.pii_kinds ? findPii(row.message) : [],
  };
}

import { findPii, type PiiHit } from '@/lib/pii/detect-pii';
import { ATTRIBUTES_BOUNDS } from '@/lib/validations/ingest';
import { jsonDepthExceeds } from '@/lib/validations/json-bounds';

// A log line as the API serves it: timestamps ISO-8601 UTC with Z, levels in
// lower case, and where personal data sits in the message.

/** The columns of log_lines that a served line is made of. */
export const LOG_LINE_COLUMNS = ['id', 'ts', 'level', 'message', 'invocation_id', 'trace_id', 'module', '"function"', 'app_version', 'attributes', 'pii_kinds'] as const;

/**
 * Those columns of `alias` as a select list for LogLineRow: the id (a bigint)
 * as text, which JavaScript numbers cannot hold, and the attributes as JSON
 * text, for servedAttributes to check before anything serializes them.
 */
export function logLineSelect(alias: string): string {
  const select = (c: (typeof LOG_LINE_COLUMNS)[number]) =>
    c === 'id' ? `${alias}.id::text AS id` : c === 'attributes' ? `${alias}.attributes::text AS attributes` : `${alias}.${c}`;
  return LOG_LINE_COLUMNS.map(select).join(', ');
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
  /** JSON text. */
  attributes: string | null;
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
    attributes: servedAttributes(row.attributes),
    // Where the hits sit is found again only in lines the writer found some in.
    personalData: row.pii_kinds ? findPii(row.message) : [],
  };
}

/**
 * A line's attributes as served. Ingest keeps them within ATTRIBUTES_BOUNDS;
 * a line stored before that bound, or written by other means, may nest far
 * deeper, and serializing it (Response.json, a page's props) would overflow
 * the stack and fail the whole read. Such attributes are served as their
 * JSON text, a string: nothing is lost and every read still answers.
 * JSON.parse itself does not recurse, so parsing any depth is safe.
 */
export function servedAttributes(json: string | null): unknown {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return jsonDepthExceeds(value, ATTRIBUTES_BOUNDS.maxDepth) ? json : value;
}

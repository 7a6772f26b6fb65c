import { findPii, type PiiHit } from '@/lib/pii/detect-pii';

// A log line as the API serves it: timestamps ISO-8601 UTC with Z, levels in
// lower case, and where personal data sits in the message.

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
    personalData: findPii(row.message),
  };
}

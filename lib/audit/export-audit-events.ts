import 'server-only';
import { escapeLiteral } from 'pg';
import { auditConditions, type AuditQuery } from '@/lib/audit/audit-query-sql';
import { AUDIT_ACTIONS, auditActionLabel } from '@/lib/audit/describe-audit-event';
import { actorOf, recordAuditEvent } from '@/lib/audit/record-audit-event';
import { db } from '@/lib/db/prisma';
import { streamCopyFile, type ExportFormat, type ExportResult } from '@/lib/logs/export-logs';
import type { RequestMeta } from '@/lib/request-meta';
import type { AuditFilterInput } from '@/lib/validations/audit-events';

// The filtered audit trail of a site as a file, oldest row first, produced
// by PostgreSQL (COPY) and streamed with the log downloads' machinery
// (streamCopyFile: back-pressure, the write timeout, the connection closed
// when the client goes away). Every row as it is stored, none grouped into
// sessions: a file is for the record and for SIEMs. The export is itself an
// audit row, written when the file ends, with the rows sent and the filters.

/** A value inlined as a literal: COPY takes no bind parameters. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `ARRAY[${value.map((v) => escapeLiteral(String(v))).join(', ')}]::text[]`;
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  return escapeLiteral(String(value));
}

const TIMESTAMP = `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ACTION_LABEL = `CASE e.action::text ${AUDIT_ACTIONS.map((a) => `WHEN ${escapeLiteral(a)} THEN ${escapeLiteral(auditActionLabel(a))}`).join(' ')} END`;

export function auditExportSql(query: AuditQuery, format: ExportFormat): string {
  const where = auditConditions(query, literal)('e');
  const text = (sql: string) => (format === 'csv' ? `logshare_csv_safe(${sql})` : sql);
  const columns = [
    `e.id::text AS "id"`,
    `${TIMESTAMP} AS "occurredAt"`,
    `e.action::text AS "action"`,
    `${ACTION_LABEL} AS "actionLabel"`,
    `${text('e.actor_label')} AS "actor"`,
    `e.actor_user_id AS "actorUserId"`,
    `${text(`e.details->>'appName'`)} AS "app"`,
    `e.installation_id AS "installationId"`,
    `e.ip_address AS "ipAddress"`,
    `${text('e.user_agent')} AS "userAgent"`,
    format === 'csv' ? `logshare_csv_safe(e.details::text) AS "details"` : `e.details AS "details"`,
  ];
  const rows = `SELECT ${columns.join(', ')} FROM audit_events e WHERE ${where} ORDER BY e.occurred_at, e.id`;
  if (format === 'csv') return `COPY (${rows}) TO STDOUT WITH (FORMAT csv, HEADER)`;
  // One JSON object per row, as binary COPY rows that become lines (exportDecoder).
  return `COPY (SELECT row_to_json(r)::text FROM (${rows}) r) TO STDOUT WITH (FORMAT binary)`;
}

type Site = { id: string; url: string; organizationId: string };

/** The file's bytes as a web stream; its audit row is written when it ends, however it ends. */
export async function streamAuditExport(options: {
  site: Site;
  query: AuditQuery;
  filters: AuditFilterInput;
  format: ExportFormat;
  actor: { id: string; name: string; email: string };
  meta: RequestMeta;
  onRecorded?: (result: ExportResult) => void;
  onRecordFailed?: (error: unknown) => void;
}): Promise<ReadableStream<Uint8Array>> {
  return streamCopyFile({ sql: auditExportSql(options.query, options.format), format: options.format }, async (result) => {
    try {
      await recordAuditEvent(db(), {
        action: 'AUDIT_LOG_EXPORTED',
        actor: actorOf(options.actor),
        scope: { organizationId: options.site.organizationId, siteId: options.site.id },
        details: { format: options.format, rows: result.lines, bytes: result.bytes, sha256: result.sha256, completed: result.completed, filters: filtersJson(options.filters) },
        meta: options.meta,
      });
      options.onRecorded?.(result);
    } catch (error) {
      options.onRecordFailed?.(error);
    }
  });
}

/** The filters as the audit row keeps them: only those given. */
export function filtersJson(filters: AuditFilterInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (filters.from) out.from = filters.from.toISOString();
  if (filters.to) out.to = filters.to.toISOString();
  if (filters.action) out.action = filters.action.join(',');
  if (filters.app) out.app = filters.app;
  if (filters.actor) out.actor = filters.actor;
  if (filters.q) out.q = filters.q;
  return out;
}

/** audit-log_<site>_<from>_<to>.<ext>; "all" for an open end. */
export function auditExportFileName(site: string, filters: AuditFilterInput, format: ExportFormat): string {
  const stamp = (d: Date | undefined) => (d ? d.toISOString().replace(/\.000Z$/, 'Z').replace(/:/g, '-') : 'all');
  return `audit-log_${site}_${stamp(filters.from)}_${stamp(filters.to)}.${format}`;
}

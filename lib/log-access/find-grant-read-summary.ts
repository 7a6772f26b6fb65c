import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';

// What a vendor read under one grant, from the audit rows of its reads.
// Reads name their installation, not their grant; an installation has at
// most one grant open at a time, so the reads under a grant are the vendor
// reads of its installation from the grant's start to `until` (when the
// summary is made, at or after its end: an export or live tail that was
// running when access ended is recorded when it stops).

export type GrantReadSummary = {
  until: Date;
  reads: number;
  /** Lines handed to the vendor: pages, exports, live tails, looks around a line (counts, charts and patterns serve no lines). */
  linesServed: number;
  kinds: { kind: string; reads: number }[];
  readers: { label: string; reads: number }[];
  /** The time ranges read, overlapping ones joined, oldest first; at most MAX_LISTED. */
  ranges: { from: string; to: string }[];
  moreRanges: number;
  exports: { at: string; actorLabel: string; from: string | null; to: string | null; format: string; masked: boolean; lines: number; completed: boolean }[];
  moreExports: number;
};

const MAX_LISTED = 20;
// Only what casts cleanly is read: a summary must never fail the transaction that ends a grant.
const ISO = `'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$'`;
const booleanOf = (key: string) => `CASE WHEN jsonb_typeof(a.details->'${key}') = 'boolean' THEN (a.details->>'${key}')::boolean END`;
const SERVED_KINDS = ['page', 'export', 'tail', 'context'];

/** The summary of the vendor's reads on the grant's installation from its start to `until`. Reads only. */
export async function findGrantReadSummary(
  tx: Prisma.TransactionClient,
  grant: { installationId: string; enabledAt: Date },
  until: Date,
): Promise<GrantReadSummary> {
  const reads = `FROM audit_events a
                WHERE a.installation_id = $1 AND a.action = 'VENDOR_LOGS_READ' AND a.occurred_at >= $2 AND a.occurred_at <= $3`;
  const params = [grant.installationId, grant.enabledAt, until];
  const linesOf = `CASE WHEN jsonb_typeof(a.details->'lines') = 'number' THEN (a.details->>'lines')::float8 ELSE 0 END`;
  // One after another: the statements share the transaction's connection.
  const kinds = await tx.$queryRawUnsafe<{ kind: string; reads: number; served: number }[]>(
    `SELECT coalesce(a.details->>'kind', 'page') AS kind, count(*)::int AS reads,
            sum(CASE WHEN coalesce(a.details->>'kind', 'page') = ANY($4::text[]) THEN ${linesOf} ELSE 0 END)::float8 AS served
       ${reads} GROUP BY 1 ORDER BY 2 DESC, 1`,
    ...params,
    SERVED_KINDS,
  );
  const readers = await tx.$queryRawUnsafe<{ label: string; reads: number }[]>(`SELECT a.actor_label AS label, count(*)::int AS reads ${reads} GROUP BY 1 ORDER BY 2 DESC, 1`, ...params);
  // Gaps and islands: a range starts a new island when no earlier range reaches it.
  const ranges = await tx.$queryRawUnsafe<{ from: Date; to: Date }[]>(
    `WITH r AS (SELECT DISTINCT (a.details->>'from')::timestamptz AS f, (a.details->>'to')::timestamptz AS t
                  ${reads} AND a.details->>'from' ~ ${ISO} AND a.details->>'to' ~ ${ISO}),
          o AS (SELECT f, t, max(t) OVER (ORDER BY f, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach FROM r),
          g AS (SELECT f, t, sum(CASE WHEN reach IS NULL OR reach < f THEN 1 ELSE 0 END) OVER (ORDER BY f, t) AS island FROM o)
     SELECT min(f) AS "from", max(t) AS "to" FROM g GROUP BY island ORDER BY 1`,
    ...params,
  );
  const exports = await tx.$queryRawUnsafe<{ at: Date; actor_label: string; from: string | null; to: string | null; format: string | null; masked: boolean | null; lines: number; completed: boolean | null }[]>(
    `SELECT a.occurred_at AS at, a.actor_label, a.details->>'from' AS "from", a.details->>'to' AS "to", a.details->>'format' AS format,
            ${booleanOf('masked')} AS masked, ${linesOf} AS lines, ${booleanOf('completed')} AS completed
       ${reads} AND a.details->>'kind' = 'export' ORDER BY a.occurred_at, a.id LIMIT ${MAX_LISTED}`,
    ...params,
  );
  const exportCount = kinds.find((k) => k.kind === 'export')?.reads ?? 0;
  return {
    until,
    reads: kinds.reduce((sum, k) => sum + k.reads, 0),
    linesServed: kinds.reduce((sum, k) => sum + k.served, 0),
    kinds: kinds.map((k) => ({ kind: k.kind, reads: k.reads })),
    readers,
    ranges: ranges.slice(0, MAX_LISTED).map((r) => ({ from: r.from.toISOString(), to: r.to.toISOString() })),
    moreRanges: Math.max(0, ranges.length - MAX_LISTED),
    exports: exports.map((e) => ({
      at: e.at.toISOString(),
      actorLabel: e.actor_label,
      from: e.from,
      to: e.to,
      format: e.format ?? 'ndjson',
      masked: e.masked === true,
      lines: e.lines,
      completed: e.completed !== false,
    })),
    moreExports: Math.max(0, exportCount - exports.length),
  };
}

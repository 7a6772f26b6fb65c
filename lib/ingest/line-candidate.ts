import type { IngestLine } from '@/lib/validations/ingest';
import type { LogLineInput } from '@/lib/logs/write-log-lines';

/** A line that parsed, before its installation and time are checked. `line` is 1-based. */
export type LineCandidate = {
  line: number;
  installationId: string | null;
  siteUrl: string | null;
  fields: Omit<LogLineInput, 'installationId'>;
};

export type Rejection = { line: number; error: string };

export type ParsedBatch = { candidates: LineCandidate[]; rejected: Rejection[] };

/** A line that passed parseIngestLine, as the candidate at 1-based `position`. */
export function candidateOf(line: IngestLine, position: number): LineCandidate {
  return {
    line: position,
    installationId: line.installationId ?? null,
    siteUrl: line.siteUrl ?? null,
    fields: {
      ts: new Date(line.timestamp),
      level: line.level,
      message: line.message,
      // Absent, null and empty all mean "none".
      invocationId: line.invocationId || null,
      traceId: line.traceId || null,
      module: line.module || null,
      function: line.function || null,
      appVersion: line.appVersion || null,
      attributesJson: line.attributes,
    },
  };
}

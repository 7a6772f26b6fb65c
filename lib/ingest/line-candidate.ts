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

/** A line that passed ingestLineSchema, as a candidate without its position. */
export function candidateOf(line: IngestLine): Omit<LineCandidate, 'line'> {
  return {
    installationId: line.installationId ?? null,
    siteUrl: line.siteUrl ?? null,
    fields: {
      ts: line.timestamp,
      level: line.level,
      message: line.message,
      invocationId: line.invocationId,
      traceId: line.traceId,
      module: line.module,
      function: line.function,
      appVersion: line.appVersion,
      attributesJson: line.attributes ?? null,
    },
  };
}

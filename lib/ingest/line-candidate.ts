import type { IngestLine, InstallationDefault } from '@/lib/validations/ingest';
import type { LogLineInput } from '@/lib/logs/write-log-lines';

/** A line that parsed, before its installation and time are checked. `line` is 1-based. */
export type LineCandidate = {
  line: number;
  installationId: string | null;
  siteUrl: string | null;
  fields: Omit<LogLineInput, 'installationId'>;
};

export type Rejection = { line: number; error: string };

/** Something the answer tells about a stored line, e.g. that it was plain text. */
export type LineNote = { line: number; note: string };

/** `timestampsAssigned`: lines that had no time and got the time received; `levelsAssigned`: lines that had no level and got info. */
export type ParsedBatch = { candidates: LineCandidate[]; rejected: Rejection[]; notes?: LineNote[]; timestampsAssigned?: number; levelsAssigned?: number };

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

/** The request's installation for a line that names none itself. */
export function withInstallation(candidate: LineCandidate, installation: InstallationDefault | null | undefined): LineCandidate {
  if (installation && candidate.installationId === null && candidate.siteUrl === null) {
    candidate.installationId = installation.installationId ?? null;
    candidate.siteUrl = installation.siteUrl ?? null;
  }
  return candidate;
}

import type { Environment } from '@/lib/generated/prisma/enums';
import type { LineCandidate, LineNote, ParsedBatch, Rejection } from '@/lib/ingest/line-candidate';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import { prepareLogLines, type LogLineInput, type PreparedLogLines } from '@/lib/logs/write-log-lines';

// Which parsed lines may be stored: each must name a live installation of the
// token's app in the token's environment (a staging token never writes into
// production), and its time must lie inside retention and not in the future.
// Pure (the installations are looked up by find-installations.ts), so the
// ingest worker runs it too; no 'server-only' import for that reason.

const MAX_FUTURE_MS = 5 * 60_000;

export type InstallationRow = { id: string; url: string; environment: Environment; product: string; uninstalled_at: Date | null };

/** The installations and sites a batch names, to look up. */
export type BatchRefs = { installationIds: string[]; siteUrls: string[] };

export type CheckRules = { installations: InstallationRow[]; environment: Environment; retentionDays: number; now: Date };

/** A batch's lines that may be stored, as COPY rows, and the ones that may not. */
export type SettledBatch = { accepted: number; rejected: Rejection[]; prepared: PreparedLogLines };

export function refsOf(candidates: LineCandidate[]): BatchRefs {
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const c of candidates) {
    if (c.installationId) ids.add(c.installationId);
    else if (c.siteUrl) urls.add(c.siteUrl);
  }
  return { installationIds: [...ids], siteUrls: [...urls] };
}

export function checkCandidates(candidates: LineCandidate[], rules: CheckRules): { lines: LogLineInput[]; rejected: Rejection[] } {
  const { installations, environment } = rules;
  const byId = new Map(installations.map((r) => [r.id, r]));
  const resolve = (c: LineCandidate): InstallationRow | string => {
    if (c.installationId) {
      const row = byId.get(c.installationId);
      // Another app's installation looks exactly like one that does not exist.
      if (!row) return `installationId ${c.installationId} is not an installation of this app`;
      if (c.siteUrl && c.siteUrl !== row.url) return `installationId ${c.installationId} is on ${row.url}, not ${c.siteUrl}`;
      return row;
    }
    const onSite = installations.filter((r) => r.url === c.siteUrl && r.environment === environment && !r.uninstalled_at);
    if (onSite.length === 0) return `this app has no ${environment.toLowerCase()} installation on ${c.siteUrl}`;
    if (onSite.length > 1) return `this app is installed on ${c.siteUrl} in ${onSite.map((r) => r.product.toLowerCase()).join(' and ')}; send installationId`;
    return onSite[0]!;
  };

  const oldest = oldestKeptInstant(rules.retentionDays, rules.now);
  const latest = rules.now.getTime() + MAX_FUTURE_MS;
  const lines: LogLineInput[] = [];
  const rejected: Rejection[] = [];
  const problemOf = (c: LineCandidate, installation: InstallationRow): string | null => {
    if (installation.uninstalled_at) return `installation ${installation.id} was uninstalled`;
    if (installation.environment !== environment) {
      return `installation ${installation.id} is ${installation.environment.toLowerCase()}; this token writes ${environment.toLowerCase()} logs`;
    }
    if (c.fields.ts.getTime() > latest) return `timestamp ${c.fields.ts.toISOString()} is more than ${MAX_FUTURE_MS / 60_000} minutes in the future`;
    if (c.fields.ts < oldest) {
      return `timestamp ${c.fields.ts.toISOString()} is older than the ${rules.retentionDays}-day retention (oldest kept: ${oldest.toISOString()})`;
    }
    return null;
  };
  for (const c of candidates) {
    const installation = resolve(c);
    if (typeof installation === 'string') {
      rejected.push({ line: c.line, error: installation });
      continue;
    }
    const error = problemOf(c, installation);
    if (error !== null) rejected.push({ line: c.line, error });
    // The parsed fields become the line as they are: one object less per line.
    else lines.push(Object.assign(c.fields, { installationId: installation.id }));
  }
  return { lines, rejected };
}

/** checkCandidates, then the accepted lines as COPY rows (the CPU-heavy part). */
export async function settleCandidates(candidates: LineCandidate[], rules: CheckRules): Promise<SettledBatch> {
  const { lines, rejected } = checkCandidates(candidates, rules);
  return { accepted: lines.length, rejected, prepared: await prepareLogLines(lines) };
}

/**
 * A parsed batch, wherever its lines are held (this thread, or the ingest
 * worker): `settle` checks them against the installations and prepares the
 * accepted ones; `release` lets go of a batch that will not be settled.
 */
export type IngestBatch = {
  refs: BatchRefs;
  rejected: Rejection[];
  notes?: LineNote[];
  timestampsAssigned?: number;
  levelsAssigned?: number;
  settle: (rules: CheckRules) => Promise<SettledBatch>; release: () => void };

/** A batch parsed on this thread. */
export function batchHere(parsed: ParsedBatch): IngestBatch {
  return { refs: refsOf(parsed.candidates), rejected: parsed.rejected, notes: parsed.notes, timestampsAssigned: parsed.timestampsAssigned, levelsAssigned: parsed.levelsAssigned, settle: (rules) => settleCandidates(parsed.candidates, rules), release: () => undefined };
}

import 'server-only';
import { pgPool } from '@/lib/db/prisma';
import type { Environment } from '@/lib/generated/prisma/enums';
import type { LineCandidate, Rejection } from '@/lib/ingest/line-candidate';
import { oldestKeptInstant } from '@/lib/logs/log-range';
import type { LogLineInput } from '@/lib/logs/write-log-lines';

// Which parsed lines may be stored: each must name a live installation of the
// token's app in the token's environment (a staging token never writes into
// production), and its time must lie inside retention and not in the future.

export const MAX_FUTURE_MS = 5 * 60_000;

type InstallationRow = { id: string; url: string; environment: Environment; product: string; uninstalled_at: Date | null };

export type AcceptedBatch = { lines: LogLineInput[]; rejected: Rejection[] };

export async function acceptLines(options: {
  appId: string;
  environment: Environment;
  candidates: LineCandidate[];
  retentionDays: number;
  now?: Date;
}): Promise<AcceptedBatch> {
  const now = options.now ?? new Date();
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const c of options.candidates) {
    if (c.installationId) ids.add(c.installationId);
    else if (c.siteUrl) urls.add(c.siteUrl);
  }
  const { rows } = await pgPool().query<InstallationRow>(
    `SELECT i.id, s.url, i.environment, i.product, i.uninstalled_at
       FROM installations i JOIN sites s ON s.id = i.site_id
      WHERE i.app_id = $1 AND (i.id = ANY($2::text[]) OR s.url = ANY($3::text[]))`,
    [options.appId, [...ids], [...urls]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const resolve = (c: LineCandidate): InstallationRow | string => {
    if (c.installationId) {
      const row = byId.get(c.installationId);
      // Another app's installation looks exactly like one that does not exist.
      if (!row) return `installationId ${c.installationId} is not an installation of this app`;
      if (c.siteUrl && c.siteUrl !== row.url) return `installationId ${c.installationId} is on ${row.url}, not ${c.siteUrl}`;
      return row;
    }
    const onSite = rows.filter((r) => r.url === c.siteUrl && r.environment === options.environment && !r.uninstalled_at);
    if (onSite.length === 0) return `this app has no ${options.environment.toLowerCase()} installation on ${c.siteUrl}`;
    if (onSite.length > 1) return `this app is installed on ${c.siteUrl} in ${onSite.map((r) => r.product.toLowerCase()).join(' and ')}; send installationId`;
    return onSite[0]!;
  };

  const oldest = oldestKeptInstant(options.retentionDays, now);
  const latest = now.getTime() + MAX_FUTURE_MS;
  const lines: LogLineInput[] = [];
  const rejected: Rejection[] = [];
  const problemOf = (c: LineCandidate, installation: InstallationRow): string | null => {
    if (installation.uninstalled_at) return `installation ${installation.id} was uninstalled`;
    if (installation.environment !== options.environment) {
      return `installation ${installation.id} is ${installation.environment.toLowerCase()}; this token writes ${options.environment.toLowerCase()} logs`;
    }
    if (c.fields.ts.getTime() > latest) return `timestamp ${c.fields.ts.toISOString()} is more than ${MAX_FUTURE_MS / 60_000} minutes in the future`;
    if (c.fields.ts < oldest) {
      return `timestamp ${c.fields.ts.toISOString()} is older than the ${options.retentionDays}-day retention (oldest kept: ${oldest.toISOString()})`;
    }
    return null;
  };
  for (const c of options.candidates) {
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

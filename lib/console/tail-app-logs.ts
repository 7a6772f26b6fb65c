import 'server-only';
import type { RequestMeta } from '@/lib/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { matchingSources, type AppLogSources } from '@/lib/console/find-app-log-sources';
import { watchRevocations } from '@/lib/log-access/revocation-watcher';
import { log } from '@/lib/log';
import { levelsWithinScopes } from '@/lib/console/app-log-filters';
import { maskedInstallationIds } from '@/lib/log-access/grant-scope-sql';
import { maskServedLine } from '@/lib/log-access/mask-served-line';
import type { LineFilters } from '@/lib/logs/line-filters';
import { narrowSourcesByQuery } from '@/lib/search/narrow-sources';
import { recordVendorReads } from '@/lib/audit/record-vendor-reads';
import { countLinesOfWrites, currentTailPosition, findLogWritesSince, readLinesOfWrites, type LogWrite, type TailLine } from '@/lib/logs/tail-logs';
import type { AppTailQuery } from '@/lib/validations/logs';

// The developer console's live tail, as events for a Server-Sent Events
// response (the route only encodes them): `ready`, then `lines` with every
// new line of the sharing sites that pass the filters, in arrival order, each
// exactly once (lib/logs/tail-logs.ts says how), and `end` when a site stops
// sharing (lib/log-access/revocation-watcher.ts: NOTIFY from any server, or
// the grant's end date reached).
//
// Nothing is read ahead: the next page is read when the consumer asks for the
// next event, so a client that reads slowly holds back the reads, not
// memory. A client that falls more than maxLagMs behind (it cannot take the
// lines as fast as they come) gets a `gap` event with the number of lines
// skipped, and the tail carries on from the newest lines: sampling, said
// plainly, never a silent loss.

export type TailLimits = {
  /** How often to look for new writes when idle. */
  pollMs: number;
  /** Most lines in one `lines` event. */
  pageLines: number;
  /** How far behind the newest write the tail may fall before it skips ahead. */
  maxLagMs: number;
};

export const TAIL_LIMITS: TailLimits = { pollMs: 250, pageLines: 1_000, maxLagMs: 15_000 };

type SourceLabels = { site: string; environment: string; product: string };

export type TailEvent =
  | { event: 'ready'; data: { sites: string[] } }
  | { event: 'lines'; data: (TailLine & SourceLabels)[] }
  | { event: 'gap'; data: { skipped: number; message: string } }
  | { event: 'end'; data: { reason: 'access-ended' | 'failed'; message: string } };

export async function* tailAppLogs(options: {
  viewer: Viewer;
  sources: AppLogSources;
  query: AppTailQuery;
  meta: RequestMeta;
  signal: AbortSignal;
  limits?: Partial<TailLimits>;
}): AsyncGenerator<TailEvent, void, undefined> {
  const { signal, query } = options;
  const limits = { ...TAIL_LIMITS, ...options.limits };
  const watched = narrowSourcesByQuery(matchingSources(options.sources.shared, query), query.q);
  const ids = watched.map((s) => s.installationId);
  const labels = new Map(watched.map((s) => [s.installationId, { site: s.siteUrl, environment: s.environment.toLowerCase(), product: s.product }]));
  const filters: LineFilters = { levels: levelsWithinScopes(query.level, watched), versions: query.version, q: query.q, searchSources: watched, invocationId: query.invocationId, scopes: watched };
  const masked = new Set(maskedInstallationIds(watched));
  const linesRead = new Map<string, number>();

  const revoked: string[] = [];
  // Ends the current nap early.
  let wake: () => void = () => undefined;
  const stopWatching = await watchRevocations(ids, (installationId) => {
    revoked.push(installationId);
    wake();
  });
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort);
  // Sleeps until the time is up, a site stops sharing or the client goes away.
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  try {
    let position = await currentTailPosition();
    yield { event: 'ready', data: { sites: watched.map((s) => s.siteUrl) } };
    let pending: (LogWrite & { foundAt: number })[] = [];
    while (!signal.aborted) {
      if (revoked.length > 0) {
        const sites = watched.filter((s) => revoked.includes(s.installationId)).map((s) => s.siteUrl);
        yield { event: 'end', data: { reason: 'access-ended', message: `${sites.join(', ')} stopped sharing logs with you; the live tail has ended.` } };
        return;
      }
      if (pending.length === 0) {
        const found = await findLogWritesSince(ids, position);
        position = found.position;
        const foundAt = Date.now();
        pending = found.writes.map((w) => ({ ...w, foundAt }));
        if (pending.length === 0) {
          await nap(limits.pollMs);
          continue;
        }
      }
      const oldest = pending[0]!;
      if (oldest.ageMs + (Date.now() - oldest.foundAt) > limits.maxLagMs) {
        const skipped = [...(await countLinesOfWrites(pending, filters)).values()].reduce((a, b) => a + b, 0);
        pending = [];
        if (skipped > 0) {
          yield { event: 'gap', data: { skipped, message: `The live tail fell behind and skipped ${skipped.toLocaleString('en')} line${skipped === 1 ? '' : 's'} to catch up; they are in the log viewer.` } };
        }
        continue;
      }
      // Whole transactions up to a page of lines, or one bigger transaction a page at a time.
      const transactionEnd = (start: number) => {
        let end = start + 1;
        while (end < pending.length && pending[end]!.xactId === pending[start]!.xactId) end++;
        return end;
      };
      const linesIn = (from: number, to: number) => pending.slice(from, to).reduce((sum, w) => sum + w.lines, 0);
      let taken = transactionEnd(0);
      while (taken < pending.length) {
        const end = transactionEnd(taken);
        if (linesIn(0, end) > limits.pageLines) break;
        taken = end;
      }
      const lines = await readLinesOfWrites(pending.slice(0, taken), filters, limits.pageLines);
      const last = lines.at(-1);
      if (last && lines.length === limits.pageLines) {
        // Maybe more of the last line's transaction: the rest of it after that line.
        const rest = pending.slice(0, taken).filter((w) => w.xactId === last.xactId);
        for (const w of rest) w.afterId = last.id;
        pending = [...rest, ...pending.slice(taken)];
      } else pending = pending.slice(taken);
      if (lines.length === 0) continue;
      // Counted as handed over: the audit row may count a page the client never got, never miss one it did.
      for (const line of lines) linesRead.set(line.installationId, (linesRead.get(line.installationId) ?? 0) + 1);
      yield { event: 'lines', data: lines.map(({ xactId: _, ...line }) => ({ ...(masked.has(line.installationId) ? maskServedLine(line) : line), ...labels.get(line.installationId)! })) };
    }
  } catch (error) {
    if (signal.aborted) return;
    log.warn('live tail stopped', { error, appId: options.sources.app.id });
    yield { event: 'end', data: { reason: 'failed', message: 'The live tail stopped because the logs could not be read; start it again in a moment.' } };
  } finally {
    signal.removeEventListener('abort', onAbort);
    wake();
    stopWatching();
    await recordVendorReads({
      viewer: options.viewer,
      app: options.sources.app,
      sources: watched,
      linesPerInstallation: linesRead,
      kind: 'tail',
      details: { from: null, to: new Date().toISOString() },
      meta: options.meta,
    }).catch((error: unknown) => log.error('could not record a live tail', { error }));
  }
}

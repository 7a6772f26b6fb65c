import { apiRoute, pathId, requestMeta } from '@/lib/api/route';
import { requireApiCaller } from '@/lib/auth/guards';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { parseQuery } from '@/lib/logs/log-range';
import { recordVendorReads } from '@/lib/logs/record-log-read';
import { currentLogPosition, findNewLines } from '@/lib/logs/tail-logs';
import { log } from '@/lib/log';
import { appTailQuerySchema } from '@/lib/validations/logs';

export const dynamic = 'force-dynamic';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
// Lines may arrive a little late; look this far back for ids we have not seen.
const LATE_MS = 60_000;

/**
 * Server-Sent Events: `lines` events with new lines as they arrive, and an
 * `end` event (then the stream closes) the moment a site stops sharing,
 * found by re-checking access on every poll (within half a second).
 */
export const GET = apiRoute<{ appId: string }>(async (request, params) => {
  const viewer = await requireApiCaller(request);
  const appId = pathId(params.appId, 'app');
  const query = parseQuery(appTailQuerySchema, request.url);
  const initial = await findAppLogSources({ viewer, appId });
  const meta = requestMeta(request);
  const pick = (sources: typeof initial.shared) =>
    sources.filter((s) => (!query.site || query.site.includes(s.siteUrl)) && (!query.environment || s.environment === query.environment.toUpperCase()));
  const watched = pick(initial.shared);
  const byId = new Map(watched.map((s) => [s.installationId, s]));
  const linesRead = new Map<string, number>();
  let position = await currentLogPosition();
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      let lastBeat = Date.now();
      send('ready', { sites: watched.map((s) => s.siteUrl) });
      try {
        while (!request.signal.aborted) {
          const now = await findAppLogSources({ viewer, appId }).catch(() => null);
          const still = new Set(now ? pick(now.shared).map((s) => s.installationId) : []);
          const lost = watched.filter((s) => !still.has(s.installationId));
          if (lost.length > 0) {
            send('end', { reason: 'access-ended', message: `${lost.map((s) => s.siteUrl).join(', ')} stopped sharing logs with you; the live tail has ended.` });
            break;
          }
          const found = await findNewLines({ installationIds: [...byId.keys()], position, since: new Date(Date.now() - LATE_MS), filters: { levels: query.level, versions: query.version, q: query.q, invocationId: query.invocationId } });
          position = found.position;
          const lines = found.lines;
          if (lines.length > 0) {
            for (const line of lines) linesRead.set(line.installationId, (linesRead.get(line.installationId) ?? 0) + 1);
            send('lines', lines.map((l) => ({ ...l, site: byId.get(l.installationId)!.siteUrl, environment: byId.get(l.installationId)!.environment.toLowerCase() })));
          } else if (Date.now() - lastBeat > HEARTBEAT_MS) {
            controller.enqueue(encoder.encode(': still here\n\n'));
            lastBeat = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      } catch (error) {
        log.warn('live tail stopped', { error, appId });
      } finally {
        await recordVendorReads({
          viewer,
          app: initial.app,
          sources: watched,
          linesPerInstallation: linesRead,
          kind: 'tail',
          details: { from: null, to: new Date().toISOString() },
          meta,
        }).catch((error: unknown) => log.error('could not record a live tail', { error }));
        try {
          controller.close();
        } catch {
          // The client already went away.
        }
      }
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
});

import http from 'node:http';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { OTLP_LOGS_EXPORT_PATH } from '@/lib/grpc/otlp-grpc-bridge';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { post } from './load';

// Senders of ingest batches, a few at once, each as light a client as the pg
// client of the COPY baseline: node:http for the HTTP endpoints (fetch's web
// streams cost the two shared cores several times more, see bench/README.md)
// and a bare @grpc/grpc-js client for OTLP/gRPC, one channel a sender.

export type IngestFormat = 'NDJSON' | 'OTLP/HTTP JSON' | 'OTLP/HTTP protobuf' | 'OTLP/gRPC';

export async function inParallel<T>(items: T[], workers: number, work: (item: T, worker: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (next < items.length) await work(items[next++]!, worker);
    }),
  );
  return (performance.now() - started) / 1000;
}

const HTTP: Record<Exclude<IngestFormat, 'OTLP/gRPC'>, { path: string; contentType: string }> = {
  NDJSON: { path: '/api/v1/ingest', contentType: 'application/x-ndjson' },
  'OTLP/HTTP JSON': { path: '/api/otlp/v1/logs', contentType: 'application/json' },
  'OTLP/HTTP protobuf': { path: '/api/otlp/v1/logs', contentType: 'application/x-protobuf' },
};

/** Sends every body; any batch not stored whole fails the bench. Resolves to the seconds it took. */
export async function sendBatches(options: { format: IngestFormat; baseUrl: string; grpcPort: number; secret: string; bodies: (string | Buffer)[]; senders: number; batch: number }): Promise<number> {
  const { format, bodies, senders } = options;
  if (format === 'OTLP/gRPC') return sendGrpc(options.grpcPort, options.secret, bodies as Buffer[], senders);
  const { path, contentType } = HTTP[format];
  const agent = new http.Agent({ keepAlive: true, maxSockets: senders });
  const headers = { authorization: `Bearer ${options.secret}`, 'content-type': contentType };
  try {
    return await inParallel(bodies, senders, async (body) => {
      const reply = await post(agent, `${options.baseUrl}${path}`, headers, body).catch((error: unknown) => {
        throw new Error(`${format} request failed: ${String(error)}`);
      });
      // NDJSON answers { accepted }, OTLP an empty response when every record was stored.
      const stored = format === 'NDJSON' ? (JSON.parse(reply.body) as { accepted?: number }).accepted === options.batch : reply.body.length === 0 || reply.body === '{}';
      if (reply.status !== 200 || !stored) throw new Error(`${format} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
    });
  } finally {
    agent.destroy();
  }
}

async function sendGrpc(port: number, secret: string, bodies: Buffer[], senders: number): Promise<number> {
  const clients = Array.from({ length: senders }, () => new Client(`127.0.0.1:${port}`, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${secret}`);
  const decode = (bytes: Buffer) => otlpMessages.exportResponse.toObject(otlpMessages.exportResponse.decode(bytes)) as { partialSuccess?: unknown };
  try {
    return await inParallel(bodies, senders, (body, worker) =>
      new Promise<void>((resolve, reject) =>
        clients[worker]!.makeUnaryRequest(OTLP_LOGS_EXPORT_PATH, (b: Buffer) => b, decode, body, metadata, (error, answer) => {
          if (error) reject(new Error(`OTLP/gRPC answered ${error.code}: ${error.details}`));
          else if (answer?.partialSuccess) reject(new Error(`OTLP/gRPC rejected records: ${JSON.stringify(answer.partialSuccess)}`));
          else resolve();
        }),
      ),
    );
  } finally {
    for (const client of clients) client.close();
  }
}

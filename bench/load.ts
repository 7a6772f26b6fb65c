import http from 'node:http';

// A small HTTP load driver: `concurrency` clients on keep-alive connections
// (node:http, lighter than fetch, so the driver takes less of the CPU the
// servers share with it), each sending its next request as soon as the last
// one is answered, for a fixed time. Latency is measured at the client, over
// loopback.

export type Load = { url: string; headers?: Record<string, string> };
export type Percentiles = { p50: number; p95: number; p99: number };
export type LoadResult = Percentiles & { requests: number; perSecond: number; errors: number; firstError?: string; serverTiming: number[] };

export type Reply = { status: number; body: string; serverTiming: number | undefined };

export function get(agent: http.Agent, load: Load): Promise<Reply> {
  return send(agent, load.url, { headers: load.headers });
}

export function post(agent: http.Agent, url: string, headers: Record<string, string>, body: string | Buffer): Promise<Reply> {
  return send(agent, url, { method: 'POST', headers }, body);
}

function send(agent: http.Agent, url: string, options: http.RequestOptions, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { ...options, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), serverTiming: serverTiming([response.headers['server-timing'] ?? []].flat().join(',')) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The sum of the `dur` values of a Server-Timing header, in seconds, if the server sends one. */
function serverTiming(header: string | undefined): number | undefined {
  const durations = [...(header ?? '').matchAll(/dur=([\d.]+)/g)].map((m) => Number(m[1]));
  return durations.length ? durations.reduce((a, b) => a + b, 0) / 1000 : undefined;
}

export function percentiles(seconds: number[]): Percentiles {
  const sorted = [...seconds].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export async function runLoad(load: Load, options: { concurrency: number; seconds: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const timings: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const reply = await get(agent, load).catch((error: unknown) => ({ status: 0, body: String(error), serverTiming: undefined }));
      latencies.push((performance.now() - sent) / 1000);
      if (reply.serverTiming !== undefined) timings.push(reply.serverTiming);
      if (reply.status !== 200) {
        errors++;
        firstError ??= `${reply.status} ${reply.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { ...percentiles(latencies), requests: latencies.length, perSecond: latencies.length / elapsed, errors, firstError, serverTiming: timings };
}

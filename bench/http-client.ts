import http from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

// A signed-in HTTP client for the portal: a tiny cookie jar, signing in
// through next-auth's endpoints with Node's fetch as scripts do; downloads go
// through node:http (see download).

export type Session = { baseUrl: string; cookie: () => string };

function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const header of response.headers.getSetCookie()) {
        const pair = header.split(';', 1)[0] ?? '';
        const eq = pair.indexOf('=');
        if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
  };
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const jar = cookieJar();
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
  jar.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const signInResponse = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  jar.take(signInResponse);
  await signInResponse.arrayBuffer();
  const session = (await (await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: jar.header() } })).json()) as { user?: { email?: string } };
  if (session.user?.email !== email) throw new Error(`sign-in as ${email} failed (status ${signInResponse.status})`);
  return { baseUrl, cookie: jar.header };
}

/** One connection kept open between calls, as a browser keeps one to the portal. */
const keepAlive = new http.Agent({ keepAlive: true });

export type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * GET with the session's cookie, as a browser asks (compressed, on a kept
 * connection), through node:http: fetch's web streams cost the client, which
 * shares the machine's two cores with the portal and PostgreSQL, a millisecond
 * or two per call that is not the portal's.
 */
export function get(session: Session, pathAndQuery: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${session.baseUrl}${pathAndQuery}`, { agent: keepAlive, headers: { cookie: session.cookie(), 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
      const decoder = decoders[response.headers['content-encoding'] ?? '']?.();
      const source = decoder ? response.pipe(decoder) : response;
      const chunks: Buffer[] = [];
      source.on('data', (chunk: Buffer) => chunks.push(chunk));
      source.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      source.on('error', reject);
    });
    request.on('error', reject);
  });
}

export async function getJson<T>(session: Session, pathAndQuery: string): Promise<T> {
  const answer = await get(session, pathAndQuery);
  if (answer.status !== 200) throw new Error(`GET ${pathAndQuery}: ${answer.status} ${answer.text}`);
  return JSON.parse(answer.text) as T;
}

/** The handler's own time from its Server-Timing header (app;dur=…), in seconds. */
export function serverSeconds(answer: Answer): number {
  return Number(/dur=([\d.]+)/.exec(String(answer.headers['server-timing'] ?? ''))?.[1] ?? NaN) / 1000;
}

export type Download = { bytes: number; newlines: number; seconds: number; contentEncoding: string };

/**
 * Reads a response body to its end and throws it away, counting bytes and
 * newlines (after decompression, should the server compress). node:http, not
 * fetch: the client shares the machine's two cores with the portal and
 * PostgreSQL, and should cost about what the pg client of the COPY baseline
 * costs, not the several times more of fetch's web streams.
 */
export function download(session: Session, pathAndQuery: string, acceptEncoding = 'gzip, deflate, br'): Promise<Download> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(`${session.baseUrl}${pathAndQuery}`, { headers: { cookie: session.cookie(), 'accept-encoding': acceptEncoding } }, (response) => {
      const contentEncoding = response.headers['content-encoding'] ?? 'identity';
      if (response.statusCode !== 200) {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => reject(new Error(`GET ${pathAndQuery}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`)));
        return;
      }
      const body = decoders[contentEncoding]?.() ?? null;
      const source = body ? response.pipe(body) : response;
      let bytes = 0;
      let newlines = 0;
      source.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        newlines += countNewlines(chunk);
      });
      source.on('end', () => resolve({ bytes, newlines, seconds: (performance.now() - started) / 1000, contentEncoding }));
      source.on('error', reject);
    });
    request.on('error', reject);
  });
}

const decoders: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

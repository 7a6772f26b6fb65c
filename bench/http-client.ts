// A signed-in HTTP client for the portal: Node's fetch (undici) and a tiny
// cookie jar, signing in through next-auth's endpoints as scripts do.

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

export async function getJson<T>(session: Session, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${session.baseUrl}${pathAndQuery}`, { headers: { cookie: session.cookie() } });
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export type Download = { bytes: number; newlines: number; seconds: number; contentEncoding: string };

/**
 * Reads a response body to its end and throws it away, counting bytes and newlines
 * (after decompression: fetch, like a browser, asks for gzip unless told otherwise).
 */
export async function download(session: Session, pathAndQuery: string, acceptEncoding?: string): Promise<Download> {
  const headers: Record<string, string> = { cookie: session.cookie() };
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  const started = performance.now();
  const response = await fetch(`${session.baseUrl}${pathAndQuery}`, { headers });
  if (!response.ok || !response.body) throw new Error(`GET ${pathAndQuery}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let newlines = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.length;
    newlines += countNewlines(read.value);
  }
  const contentEncoding = response.headers.get('content-encoding') ?? 'identity';
  return { bytes, newlines, seconds: (performance.now() - started) / 1000, contentEncoding };
}

export function countNewlines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

import type http from 'node:http';

// Next.js answers a dynamic route whose segment does not percent-decode to
// UTF-8 (/api/v1/apps/%FF/logs, /admin/%ED%A0%80/apps) with a bare 500 in
// production builds (vercel/next.js#92557): it decodes the segment before
// any of our code runs. Such a path names nothing, so the server in front of
// Next answers it as the API answers an unknown path: a JSON 404.

/** Whether the request's path (before any query) fails to percent-decode. */
export function hasUndecodablePath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0]!;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

export function answerUndecodablePath(res: http.ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'not_found', message: 'The path is not valid percent-encoded UTF-8, so it names nothing here.' } });
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// The function Next.js itself writes a route's web Response body to the socket with:
// back-pressure through 'drain', and the body cancelled when the client goes away.
import { pipeToNodeResponse } from 'next/dist/server/pipe-readable';

// A route handler served on a loopback port the way Next serves it, for tests
// whose clients speak HTTP themselves (and hang up, pause or retry).

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export type ServedRoute = { url: string; server: Server; close: () => Promise<void> };

export async function serveRoute<P = Record<string, never>>(handler: Handler<P>, params = {} as P): Promise<ServedRoute> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      handler(request, { params: Promise.resolve(params) })
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          if (response.body) await pipeToNodeResponse(response.body, res);
          else res.end();
        })
        // As Next's request handler does with a body that failed mid-way: the response is over.
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type http from 'node:http';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import sirv from 'sirv';
import { EVERY_RESPONSE_HEADERS } from '@/lib/api/every-response-headers.js';

// The build's hashed assets (/_next/static: scripts, styles, fonts), served
// before a request reaches Next.js, the way a CDN or a reverse proxy would:
// compressed once, at start (Brotli and gzip files beside each asset), not
// on every request, and without Next's router. A first visit asks for some
// fifty of them, six at a time, while the browser and this server share the
// machine; through Next each cost some 5 ms of this server's time (12 with
// compression on the fly).

const PREFIX = '/_next/static/';
const COMPRESSIBLE = /\.(js|css|svg|json|map|txt)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

/** Writes NAME.br and NAME.gz beside every compressible asset of the build that lacks them (or has older ones); returns how many it wrote. */
export async function precompressStaticAssets(distDir: string): Promise<number> {
  let written = 0;
  for await (const file of files(path.join(distDir, 'static'))) {
    if (!COMPRESSIBLE.test(file)) continue;
    const source = await stat(file);
    const current = await stat(`${file}.gz`).catch(() => null);
    if (current && current.mtimeMs >= source.mtimeMs) continue;
    const bytes = await readFile(file);
    const options = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } };
    await writeFile(`${file}.br`, await brotli(bytes, options));
    // Written last: its presence says both are there.
    await writeFile(`${file}.gz`, await gzip(bytes, { level: 9 }));
    written += 1;
  }
  return written;
}

/**
 * A handler for /_next/static/*: true when it took the request (served, or
 * a 404 for an asset the build does not have), false for anything else.
 */
export function staticAssetHandler(distDir: string): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const serve = sirv(path.join(distDir, 'static'), {
    brotli: true,
    gzip: true,
    etag: true,
    // Every name carries its content's hash: a browser keeps it for good.
    immutable: true,
    maxAge: 31_536_000,
    dotfiles: false,
    setHeaders: (res) => {
      for (const { key, value } of EVERY_RESPONSE_HEADERS) res.setHeader(key, value);
    },
  });
  return (req, res) => {
    if (!req.url?.startsWith(PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const original = req.url;
    req.url = original.slice(PREFIX.length - 1);
    serve(req, res, () => {
      req.url = original;
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('Not found');
    });
    return true;
  };
}

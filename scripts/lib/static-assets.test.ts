import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressStaticAssets, staticAssetHandler } from '@/scripts/lib/static-assets';

// The build's assets as the portal serves them in front of Next.js: compressed
// once, chosen by Accept-Encoding, cached for good, with the security headers.

const SCRIPT = `${'console.log("a chunk of the portal");\n'.repeat(400)}`;

describe('static assets', () => {
  let dist: string;
  let server: http.Server;
  let base: string;
  let fellThrough: string[];

  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'logshare-static-'));
    await mkdir(path.join(dist, 'static', 'chunks'), { recursive: true });
    await writeFile(path.join(dist, 'static', 'chunks', 'abc123.js'), SCRIPT);
    await writeFile(path.join(dist, 'static', 'chunks', 'font.woff2'), Buffer.from([0, 1, 2, 3]));
    fellThrough = [];
  });

  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    await rm(dist, { recursive: true, force: true });
  });

  /** The server as start.ts makes it: the handler is made once the assets are compressed (it lists the files then). */
  async function serve() {
    const handle = staticAssetHandler(dist);
    server = http.createServer((req, res) => {
      if (handle(req, res)) return;
      fellThrough.push(req.url ?? '');
      res.end('next');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  // A raw path, sent as written (a URL would have its dot segments resolved by the client).
  const get = (rawPath: string, acceptEncoding: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const { hostname, port } = new URL(base);
      http
        .get({ hostname, port, path: rawPath, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });

  it('compresses each text asset once, and again only when the asset is newer', async () => {
    expect(await precompressStaticAssets(dist)).toBe(1);
    expect(await precompressStaticAssets(dist)).toBe(0);
    const file = path.join(dist, 'static', 'chunks', 'abc123.js');
    const later = new Date((await stat(`${file}.gz`)).mtimeMs + 5_000);
    await utimes(file, later, later);
    expect(await precompressStaticAssets(dist)).toBe(1);
  });

  it('answers Brotli, gzip or the bytes as asked, cached for good, with the security headers', async () => {
    await serve();
    const br = await get('/_next/static/chunks/abc123.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(br.headers['cache-control']).toBe('public,max-age=31536000,immutable');
    expect(br.headers['x-content-type-options']).toBe('nosniff');
    expect(br.headers['x-frame-options']).toBe('DENY');
    expect(br.headers.vary).toMatch(/accept-encoding/i);

    const gz = await get('/_next/static/chunks/abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const plain = await get('/_next/static/chunks/abc123.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);

    const font = await get('/_next/static/chunks/font.woff2', 'gzip, br');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect([...font.body]).toEqual([0, 1, 2, 3]);
  });

  it('answers 404 for an asset the build lacks, and leaves every other path to Next.js', async () => {
    const missing = await get('/_next/static/chunks/nope.js', 'br');
    expect(missing.status).toBe(404);
    const outside = await get('/_next/static/../../../../etc/passwd', 'br');
    expect(outside.status).toBe(404);
    expect(outside.body.toString()).not.toContain('root:');
    expect((await get('/console', 'br')).body.toString()).toBe('next');
    expect((await get('/_next/image?url=x', 'br')).body.toString()).toBe('next');
    expect(fellThrough).toEqual(['/console', '/_next/image?url=x']);
  });
});

import { describe, expect, it } from 'vitest';
import { errorResponse } from '@/lib/api/errors';
import { readIngestBody } from '@/lib/ingest/read-ingest-body';

const options = { maxBytes: 1_000, contentTypes: ['application/json'], refused: { 'application/x-protobuf': 'protobuf is not supported' } };
const post = (contentType: string, body = '{}') => new Request('http://127.0.0.1/ingest', { method: 'POST', headers: { 'content-type': contentType }, body });

describe('readIngestBody', () => {
  it('refuses a content type named like an Object.prototype member as any other unknown type, not with a prototype function', async () => {
    for (const type of ['constructor', 'tostring', '__proto__', 'hasownproperty']) {
      await expect(readIngestBody(post(type), options)).rejects.toMatchObject({ status: 415, message: `Content-Type ${type} is not accepted here; send application/json.` });
    }
    await expect(readIngestBody(post('application/x-protobuf'), options)).rejects.toMatchObject({ status: 415, message: 'protobuf is not supported' });
  });

  it('reads an accepted body and refuses one over the limit with 413', async () => {
    expect((await readIngestBody(post('application/json'), options)).toString()).toBe('{}');
    await expect(readIngestBody(post('application/json', 'x'.repeat(1_001)), options)).rejects.toMatchObject({ status: 413 });
  });

  it('answers a body the client stopped sending with 400, not as the lost database connection its ECONNRESET looks like', async () => {
    for (const declared of [true, false]) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"level":'));
          controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(declared ? { 'content-length': '500' } : {}) };
      const request = new Request('http://127.0.0.1/ingest', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
      const refused = await readIngestBody(request, options).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 400, message: 'The request body was cut off: the client stopped sending it.' });
      expect(errorResponse(refused).status).toBe(400);
    }
  });
});

import 'server-only';
import { AppError } from '@/lib/errors';

/**
 * A request body's read, with a client that stopped sending it (hung up, or
 * cut off by the server's request timeout) as a 400. Node ends such a body
 * with "aborted" and ECONNRESET, which the error mapper would otherwise take
 * for a lost database connection: a 503 and an outage warning in the log.
 */
export async function readClientBody<T>(reading: Promise<T>): Promise<T> {
  try {
    return await reading;
  } catch (error) {
    const e = error as { code?: unknown; name?: unknown };
    if (e?.code === 'ECONNRESET' || e?.name === 'AbortError') {
      throw new AppError('bad_request', 'The request body was cut off: the client stopped sending it.');
    }
    throw error;
  }
}

/** The request body, read chunk by chunk and given up (with `tooLarge()` thrown) as soon as it passes `maxBytes`. */
export async function readCapped(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await readClientBody(reader.read());
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

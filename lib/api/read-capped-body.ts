import 'server-only';
import type { AppError } from '@/lib/errors';

/** The request body, read chunk by chunk and given up (with `tooLarge()` thrown) as soon as it passes `maxBytes`. */
export async function readCapped(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
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

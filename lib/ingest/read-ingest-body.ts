import 'server-only';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AppError } from '@/lib/errors';
import { readCapped, readClientBody } from '@/lib/api/read-capped-body';

const gunzipAsync = promisify(gunzip);

/**
 * The request body, gunzipped when it says `Content-Encoding: gzip`, never
 * longer than `maxBytes` before or after decompression (413 otherwise, also
 * against gzip bombs). A content type the endpoint does not take is a 415.
 */
export async function readIngestBody(request: Request, options: { maxBytes: number; contentTypes: readonly string[]; refused?: Record<string, string> }): Promise<Buffer> {
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Object.hasOwn: a content type named like an Object.prototype member must not find one.
  const refusal = options.refused && Object.hasOwn(options.refused, contentType) ? options.refused[contentType] : undefined;
  if (refusal) throw new AppError('unsupported_media_type', refusal);
  if (contentType && !options.contentTypes.includes(contentType)) {
    throw new AppError('unsupported_media_type', `Content-Type ${contentType} is not accepted here; send ${options.contentTypes.join(' or ')}.`);
  }
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new AppError('unsupported_media_type', `Content-Encoding ${encoding} is not supported; send gzip or no encoding.`);
  }
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${options.maxBytes} bytes; send smaller batches.`);
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) throw tooLarge();

  // A declared length is enforced by the HTTP layer, so the body can be read at once; otherwise count while reading.
  const raw = Number.isFinite(declared) ? Buffer.from(await readClientBody(request.arrayBuffer())) : await readCapped(request, options.maxBytes, tooLarge);
  if (encoding === 'identity') return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: options.maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new AppError('bad_request', 'The body says Content-Encoding: gzip but is not valid gzip data.');
  }
}

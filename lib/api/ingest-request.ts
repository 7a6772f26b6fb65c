import 'server-only';
import { NextResponse } from 'next/server';
import { ingest, type IngestFormat } from '@/lib/ingest/handle-ingest';
import { readIngestBody } from '@/lib/ingest/read-ingest-body';

// The HTTP edge of ingest: headers in, the body read (content type, gzip,
// size) once the core has let the request past its cheap refusals, and the
// core's answer out as JSON. Errors go to the routes' one mapper.

export type HttpIngestFormat = IngestFormat & { contentTypes: readonly string[]; refusedContentTypes?: Record<string, string> };

export async function handleIngestRequest(request: Request, format: HttpIngestFormat): Promise<Response> {
  const stored = await ingest(
    {
      authorization: request.headers.get('authorization'),
      idempotencyKey: request.headers.get('idempotency-key'),
      readBody: (maxBytes) => readIngestBody(request, { maxBytes, contentTypes: format.contentTypes, refused: format.refusedContentTypes }),
    },
    format,
  );
  return NextResponse.json(stored.body, { status: stored.status, headers: stored.replayed ? { 'idempotent-replayed': 'true' } : undefined });
}

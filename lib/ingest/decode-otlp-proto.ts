import type { Message } from 'protobufjs/light';
import { AppError } from '@/lib/errors';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';

// OTLP/HTTP protobuf (ExportLogsServiceRequest), decoded. The parser reads the
// decoded message itself (parse-otlp-proto.ts); decodeOtlpLogsProtobuf gives
// the OTLP/JSON shape (hex trace and span IDs, 64-bit integers as strings,
// bytes values as base64) for what the JSON path alone words. Nesting is
// bounded while decoding: protobufjs refuses messages (and unknown groups)
// nested deeper than Reader.recursionLimit, 100 as protoc's default, before
// its recursion could exhaust the stack; the parser then applies the JSON
// path's tighter depth bound to the decoded request.

type DecodedRecord = { traceId?: string; spanId?: string };
type DecodedRequest = { resourceLogs?: { scopeLogs?: { logRecords?: DecodedRecord[] }[] }[] };

/** toObject's options for OTLP/JSON's scalars: 64-bit integers as decimal strings, bytes as base64. */
export const JSON_SHAPED = { longs: String, bytes: String };

const hexOf = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

/** The decoded protobufjs message, or a 400 when the bytes are not an ExportLogsServiceRequest. */
export function decodeExportRequest(body: Buffer): Message {
  try {
    return otlpMessages.exportRequest.decode(body);
  } catch (error) {
    throw new AppError('bad_request', `The body is not a valid OTLP/HTTP protobuf ExportLogsServiceRequest (${(error as Error).message}).`);
  }
}

/** The request as OTLP/JSON, or a 400 when the bytes are not an ExportLogsServiceRequest. */
export function decodeOtlpLogsProtobuf(body: Buffer): unknown {
  const decoded = otlpMessages.exportRequest.toObject(decodeExportRequest(body), JSON_SHAPED) as DecodedRequest;
  for (const resourceLogs of decoded.resourceLogs ?? []) {
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const record of scopeLogs.logRecords ?? []) {
        // OTLP/JSON writes trace and span IDs in hex, not base64; an empty ID means none.
        for (const key of ['traceId', 'spanId'] as const) {
          const hex = record[key] && hexOf(record[key]);
          if (hex) record[key] = hex;
          else delete record[key];
        }
      }
    }
  }
  return decoded;
}

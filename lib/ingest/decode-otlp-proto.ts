import { AppError } from '@/lib/errors';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';

// OTLP/HTTP protobuf (ExportLogsServiceRequest) into the OTLP/JSON shape the
// JSON path parses: hex trace and span IDs, 64-bit integers as strings,
// bytes values as base64, so one parser validates both encodings. Nesting is
// bounded while decoding: protobufjs refuses messages (and unknown groups)
// nested deeper than Reader.recursionLimit, 100 as protoc's default, before
// its recursion could exhaust the stack; the parser then applies the JSON
// path's tighter depth bound to the decoded request.

type DecodedRecord = { traceId?: string; spanId?: string };
type DecodedRequest = { resourceLogs?: { scopeLogs?: { logRecords?: DecodedRecord[] }[] }[] };

const hexOf = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

/** The request as OTLP/JSON, or a 400 when the bytes are not an ExportLogsServiceRequest. */
export function decodeOtlpLogsProtobuf(body: Buffer): unknown {
  const type = otlpMessages.exportRequest;
  let decoded: DecodedRequest;
  try {
    decoded = type.toObject(type.decode(body), { longs: String, bytes: String }) as DecodedRequest;
  } catch (error) {
    throw new AppError('bad_request', `The body is not a valid OTLP/HTTP protobuf ExportLogsServiceRequest (${(error as Error).message}).`);
  }
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

import type { IngestAnswer } from '@/lib/ingest/store-ingest-batch';
import type { Rejection } from '@/lib/ingest/line-candidate';

// What an OTLP export is answered, over HTTP and gRPC alike (OTLP spec,
// "Full Success", "Partial Success"): an empty ExportLogsServiceResponse when
// every record was stored, `partialSuccess` when some were rejected, and a
// failure (400, INVALID_ARGUMENT over gRPC) when none could be stored, since
// exporters count any success as delivered.

function rejectionMessage(rejected: Rejection[]): string {
  return (
    rejected
      .slice(0, 5)
      .map((r) => `record ${r.line}: ${r.error}`)
      .join('; ') + (rejected.length > 5 ? `; and ${rejected.length - 5} more` : '')
  );
}

export type OtlpAnswerBody = { partialSuccess?: { rejectedLogRecords: number; errorMessage: string }; error?: { code: string; message: string } };

export function otlpAnswer(accepted: number, rejected: Rejection[]): IngestAnswer & { body: OtlpAnswerBody } {
  if (rejected.length === 0) return { status: 200, body: {} };
  if (accepted === 0) return { status: 400, body: { error: { code: 'bad_request', message: `No record could be stored: ${rejectionMessage(rejected)}` } } };
  return { status: 200, body: { partialSuccess: { rejectedLogRecords: rejected.length, errorMessage: rejectionMessage(rejected) } } };
}

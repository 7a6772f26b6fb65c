// The thread behind ingest-thread.ts: parses NDJSON and OTLP batches, keeps their
// lines until the main thread has looked up the installations they name,
// then checks them and prepares the COPY rows of the accepted ones. The lines
// never cross between threads; only what the main thread needs does. No
// 'server-only' import: from source (tests) this file runs in a plain worker
// through tsx.
import { parentPort } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { refsOf, settleCandidates } from '@/lib/ingest/check-candidates';
import type { IngestTask, IngestTaskReply } from '@/lib/ingest/ingest-thread';
import type { LineCandidate } from '@/lib/ingest/line-candidate';
import { parseNdjson } from '@/lib/ingest/parse-ndjson';
import { parseOtlpLogs } from '@/lib/ingest/parse-otlp-logs';
import { parseOtlpLogsProtobuf } from '@/lib/ingest/parse-otlp-proto';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread only');

/** Parsed batches waiting for their installations, by batch id. */
const held = new Map<number, LineCandidate[]>();

async function run(task: IngestTask): Promise<{ reply: NonNullable<IngestTaskReply['result']>; transfer: ArrayBuffer[] }> {
  switch (task.kind) {
    case 'parse-ndjson': {
      const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
      const { candidates, rejected, notes, timestampsAssigned, levelsAssigned } = await parseNdjson(body, { maxLines: task.maxLines, installation: task.installation });
      held.set(task.batchId, candidates);
      return { reply: { refs: refsOf(candidates), rejected, notes, timestampsAssigned, levelsAssigned }, transfer: [] };
    }
    case 'parse-otlp': {
      const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
      const parse = task.encoding === 'protobuf' ? parseOtlpLogsProtobuf : parseOtlpLogs;
      const { candidates, rejected } = parse(body, { maxLines: task.maxLines, installation: task.installation });
      held.set(task.batchId, candidates);
      return { reply: { refs: refsOf(candidates), rejected }, transfer: [] };
    }
    case 'settle': {
      const candidates = held.get(task.batchId);
      held.delete(task.batchId);
      if (!candidates) throw new Error(`the ingest worker holds no batch ${task.batchId}`);
      const { accepted, rejected, prepared } = await settleCandidates(candidates, task.rules);
      // A copy of exactly its own length, handed over rather than copied again.
      const bytes = new Uint8Array(prepared.copyBytes);
      return { reply: { accepted, rejected, copyBytes: bytes, stats: prepared.stats, writes: prepared.writes }, transfer: [bytes.buffer] };
    }
  }
}

port.on('message', (message: { id: number; task: IngestTask | { kind: 'release'; batchId: number } }) => {
  const { task } = message;
  if (task.kind === 'release') {
    held.delete(task.batchId);
    return;
  }
  run(task).then(
    ({ reply, transfer }) => port.postMessage({ id: message.id, result: reply } satisfies IngestTaskReply, transfer),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        error: error instanceof AppError ? { code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) },
      } satisfies IngestTaskReply),
  );
});

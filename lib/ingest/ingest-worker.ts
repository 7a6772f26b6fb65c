// The thread behind ingest-thread.ts: parses NDJSON batches and prepares
// their COPY rows, so the portal's main thread keeps serving requests and
// database replies meanwhile. No 'server-only' import: from source (tests,
// scripts) this file runs in a plain worker through tsx.
import { parentPort } from 'node:worker_threads';
import { AppError } from '@/lib/api/errors';
import type { IngestTask, IngestTaskReply } from '@/lib/ingest/ingest-thread';
import { parseNdjson } from '@/lib/ingest/parse-ndjson';
import { prepareLogLines } from '@/lib/logs/write-log-lines';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs as a worker thread only');

async function run(task: IngestTask): Promise<{ reply: NonNullable<IngestTaskReply['result']>; transfer: ArrayBuffer[] }> {
  if (task.kind === 'parse-ndjson') {
    const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
    return { reply: await parseNdjson(body, { maxLines: task.maxLines }), transfer: [] };
  }
  const { copyBytes, stats } = await prepareLogLines(task.lines);
  // A copy of exactly its own length, handed over rather than copied again.
  const bytes = new Uint8Array(copyBytes);
  return { reply: { copyBytes: bytes, stats }, transfer: [bytes.buffer] };
}

port.on('message', (message: { id: number; task: IngestTask }) => {
  run(message.task).then(
    ({ reply, transfer }) => port.postMessage({ id: message.id, result: reply } satisfies IngestTaskReply, transfer),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        error: error instanceof AppError ? { code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) },
      } satisfies IngestTaskReply),
  );
});

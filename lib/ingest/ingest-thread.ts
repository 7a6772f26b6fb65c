import 'server-only';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '@/lib/errors';
import type { BatchRefs, CheckRules, IngestBatch, SettledBatch } from '@/lib/ingest/check-candidates';
import type { LineNote, Rejection } from '@/lib/ingest/line-candidate';
import type { ParseNdjsonOptions } from '@/lib/ingest/parse-ndjson';
import type { OtlpParseOptions } from '@/lib/ingest/parse-otlp-logs';
import type { InstallationDefault } from '@/lib/validations/ingest';
import type { PreparedLogLines } from '@/lib/logs/write-log-lines';

// Ingest's CPU work runs on worker threads: parsing NDJSON and OTLP (JSON
// and protobuf, over HTTP and gRPC) batches,
// checking their lines against the installations, finding personal data and
// encoding the COPY rows. On the main thread that work held up other
// requests and database replies for most of each batch's time; the
// measurements before and after are in bench/README.md.
// The lines stay on the worker (ingest-worker.ts); the main thread
// gets what it needs: the installations to look up, the rejections and the
// COPY bytes. A worker starts with the first batch it is given; if it dies,
// the batches it held fail with a 500 (nothing of them is stored yet, so the
// sender retries) and the next batch for its slot starts a new worker.

/** How an OTLP body is encoded: OTLP/HTTP JSON, or protobuf (OTLP/HTTP and gRPC). */
export type OtlpEncoding = 'json' | 'protobuf';

export type IngestTask =
  | { kind: 'parse-ndjson'; batchId: number; body: Uint8Array; maxLines: number; installation?: InstallationDefault | null }
  | { kind: 'parse-otlp'; batchId: number; body: Uint8Array; encoding: OtlpEncoding; maxLines: number; installation?: InstallationDefault | null }
  | { kind: 'settle'; batchId: number; rules: CheckRules };

type ParsedReply = { refs: BatchRefs; rejected: Rejection[]; notes?: LineNote[]; timestampsAssigned?: number; levelsAssigned?: number };
/** A settled batch as it crosses between threads: the bytes as a plain Uint8Array, handed over. */
type SettledReply = Omit<SettledBatch, 'prepared'> & { copyBytes: Uint8Array } & Omit<PreparedLogLines, 'copyBytes'>;

export type IngestTaskReply = { id: number; result?: ParsedReply | SettledReply; error?: { code?: ErrorCode; message: string } };

type Pending = { resolve: (value: never) => void; reject: (error: unknown) => void };

/** One ingest thread and the tasks it has yet to answer. */
type IngestThread = { worker: Worker; pending: Map<number, Pending> };

/**
 * Two threads: with one, concurrent batches queued behind each other's
 * parsing and left the cores idle part of the time (bench/README.md). A batch
 * stays on the thread that parsed it, which holds its lines.
 */
const threads: (IngestThread | null)[] = [null, null];
let nextId = 0;

/**
 * In the portal (Next.js sets NEXT_RUNTIME) the worker is a chunk that the
 * bundler made from the `new URL(...)` below. Run from source (the tests),
 * the worker is TypeScript and reads itself through tsx. Not told apart by
 * import.meta.url: the bundle keeps the source file's name there.
 */
function spawnWorker(): Worker {
  if (process.env.NEXT_RUNTIME) return new Worker(new URL('./ingest-worker.ts', import.meta.url));
  const entry = JSON.stringify(import.meta.url.replace(/ingest-thread\.ts$/, 'ingest-worker.ts'));
  const boot = `Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${entry}); });`;
  return new Worker(boot, { eval: true });
}

function startThread(slot: number): IngestThread {
  const thread: IngestThread = { worker: spawnWorker(), pending: new Map() };
  const { worker, pending } = thread;
  worker.on('message', (reply: IngestTaskReply) => {
    const task = pending.get(reply.id);
    if (!task) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.error) task.reject(reply.error.code ? new AppError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    else task.resolve(reply.result as never);
  });
  const fail = (error: Error) => {
    if (threads[slot] !== thread) return;
    threads[slot] = null;
    for (const task of pending.values()) task.reject(error);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the ingest worker stopped (exit code ${code})`)));
  return thread;
}

/** The slot of the thread with the fewest tasks waiting (an empty slot counts as none). */
function leastBusySlot(): number {
  let best = 0;
  for (let slot = 1; slot < threads.length; slot++) if ((threads[slot]?.pending.size ?? 0) < (threads[best]?.pending.size ?? 0)) best = slot;
  return best;
}

function runTask<T>(slot: number, task: IngestTask): Promise<T> {
  const thread = (threads[slot] ??= startThread(slot));
  const id = nextId++;
  // Referenced only while it holds work, so an idle worker never keeps the process alive.
  if (thread.pending.size === 0) thread.worker.ref();
  return new Promise<T>((resolve, reject) => {
    thread.pending.set(id, { resolve: resolve as (value: never) => void, reject });
    thread.worker.postMessage({ id, task });
  });
}

/**
 * Stops every ingest thread now, as a crash would: the batches they hold
 * fail, and the next batch starts a new thread. The tests' way to cause that
 * failure (an idle thread never keeps a stopping server alive: it is unref'd).
 */
export async function stopIngestThreads(): Promise<void> {
  await Promise.all(threads.map((thread) => thread?.worker.terminate()));
}

/** parseNdjson on the ingest worker, which keeps the lines until the batch is settled or released. */
export function parseNdjsonOffThread(body: Buffer, options: ParseNdjsonOptions): Promise<IngestBatch> {
  return parseOffThread((batchId) => ({ kind: 'parse-ndjson', batchId, body, maxLines: options.maxLines, installation: options.installation }));
}

/** parseOtlpLogs (JSON) or parseOtlpLogsProtobuf on the ingest worker, held there like an NDJSON batch. */
export function parseOtlpOffThread(body: Buffer, options: OtlpParseOptions & { encoding: OtlpEncoding }): Promise<IngestBatch> {
  return parseOffThread((batchId) => ({ kind: 'parse-otlp', batchId, body, encoding: options.encoding, maxLines: options.maxLines, installation: options.installation }));
}

async function parseOffThread(taskOf: (batchId: number) => Extract<IngestTask, { kind: 'parse-ndjson' | 'parse-otlp' }>): Promise<IngestBatch> {
  const batchId = nextId++;
  const slot = leastBusySlot();
  const { refs, rejected, notes, timestampsAssigned, levelsAssigned } = await runTask<ParsedReply>(slot, taskOf(batchId));
  const parsedBy = threads[slot];
  let held = true;
  return {
    refs,
    rejected,
    notes,
    timestampsAssigned,
    levelsAssigned,
    async settle(rules) {
      held = false;
      // A new thread in the slot (the one that parsed it died) does not hold the batch, and says so.
      const settled = await runTask<SettledReply>(slot, { kind: 'settle', batchId, rules });
      const { copyBytes, stats, writes } = settled;
      return { accepted: settled.accepted, rejected: settled.rejected, prepared: { copyBytes: Buffer.from(copyBytes.buffer, copyBytes.byteOffset, copyBytes.byteLength), stats, writes } };
    },
    release() {
      if (held && threads[slot] === parsedBy) parsedBy?.worker.postMessage({ id: -1, task: { kind: 'release', batchId } });
      held = false;
    },
  };
}

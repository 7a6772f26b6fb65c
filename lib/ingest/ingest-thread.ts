import 'server-only';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '@/lib/errors';
import type { BatchRefs, CheckRules, IngestBatch, SettledBatch } from '@/lib/ingest/check-candidates';
import type { LineNote, Rejection } from '@/lib/ingest/line-candidate';
import type { ParseNdjsonOptions } from '@/lib/ingest/parse-ndjson';
import type { OtlpParseOptions } from '@/lib/ingest/parse-otlp-logs';
import type { InstallationDefault } from '@/lib/validations/ingest';
import type { PreparedLogLines } from '@/lib/logs/write-log-lines';

// Ingest's CPU work runs on one worker thread: parsing NDJSON and OTLP (JSON
// and protobuf, over HTTP and gRPC) batches,
// checking their lines against the installations, finding personal data and
// encoding the COPY rows. On the main thread that work held up other
// requests and database replies for most of each batch's time; the
// measurements before and after are in bench/README.md.
// The lines stay on the worker (ingest-worker.ts); the main thread
// gets what it needs: the installations to look up, the rejections and the
// COPY bytes. The worker starts with the first batch; if it dies, the batches
// it held fail with a 500 (nothing of them is stored yet, so the sender
// retries) and the next batch starts a new worker.

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

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

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

function startWorker(): Worker {
  const started = spawnWorker();
  started.on('message', (reply: IngestTaskReply) => {
    const task = pending.get(reply.id);
    if (!task) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if (reply.error) task.reject(reply.error.code ? new AppError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    else task.resolve(reply.result as never);
  });
  const fail = (error: Error) => {
    if (worker !== started) return;
    worker = null;
    for (const task of pending.values()) task.reject(error);
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the ingest worker stopped (exit code ${code})`)));
  return started;
}

function runTask<T>(task: IngestTask): Promise<T> {
  worker ??= startWorker();
  const id = nextId++;
  // Referenced only while it holds work, so an idle worker never keeps the process alive.
  if (pending.size === 0) worker.ref();
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: never) => void, reject });
    worker!.postMessage({ id, task });
  });
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
  const { refs, rejected, notes, timestampsAssigned, levelsAssigned } = await runTask<ParsedReply>(taskOf(batchId));
  let held = true;
  return {
    refs,
    rejected,
    notes,
    timestampsAssigned,
    levelsAssigned,
    async settle(rules) {
      held = false;
      const settled = await runTask<SettledReply>({ kind: 'settle', batchId, rules });
      const { copyBytes, stats, writes } = settled;
      return { accepted: settled.accepted, rejected: settled.rejected, prepared: { copyBytes: Buffer.from(copyBytes.buffer, copyBytes.byteOffset, copyBytes.byteLength), stats, writes } };
    },
    release() {
      if (held) worker?.postMessage({ id: -1, task: { kind: 'release', batchId } });
      held = false;
    },
  };
}

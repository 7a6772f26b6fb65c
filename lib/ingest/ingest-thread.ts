import 'server-only';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '@/lib/api/errors';
import type { ParsedBatch } from '@/lib/ingest/line-candidate';
import type { LogLineInput, PreparedLogLines } from '@/lib/logs/write-log-lines';

// Ingest's CPU work runs on one worker thread: parsing NDJSON batches, and
// for every batch (OTLP too, whose parser stays on the main thread) finding
// personal data and encoding the COPY rows. On the main thread it was 16-21 ms
// of every 1,000-line batch, during which other requests and database
// replies waited; now the main thread spends 7-9 ms on a batch (bench of
// README's Benchmarks section). The worker starts with the first batch; if it
// dies, the batches it held fail with a 500 (nothing of them is stored yet,
// so the sender retries) and the next batch starts a new worker.

export type IngestTask = { kind: 'parse-ndjson'; body: Uint8Array; maxLines: number } | { kind: 'prepare'; lines: LogLineInput[] };

/** Prepared rows as they cross between threads: the bytes as a plain Uint8Array, handed over. */
export type PreparedReply = Omit<PreparedLogLines, 'copyBytes'> & { copyBytes: Uint8Array };

export type IngestTaskReply = { id: number; result?: ParsedBatch | PreparedReply; error?: { code?: ErrorCode; message: string } };

type Pending = { resolve: (value: never) => void; reject: (error: unknown) => void };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * In the built portal the worker is a chunk that the bundler made from the
 * `new URL(...)` below. Run from source (the tests), this module is
 * TypeScript and so is the worker, which then reads itself through tsx.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./ingest-worker.ts', import.meta.url));
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

/** parseNdjson, on the ingest worker. */
export function parseNdjsonOffThread(body: Buffer, options: { maxLines: number }): Promise<ParsedBatch> {
  return runTask({ kind: 'parse-ndjson', body, maxLines: options.maxLines });
}

/** prepareLogLines, on the ingest worker. */
export async function prepareLogLinesOffThread(lines: LogLineInput[]): Promise<PreparedLogLines> {
  const { copyBytes, stats } = await runTask<PreparedReply>({ kind: 'prepare', lines });
  return { copyBytes: Buffer.from(copyBytes.buffer, copyBytes.byteOffset, copyBytes.byteLength), stats };
}

import type { Readable } from 'node:stream';

// A Node readable as the body of a web Response, read only when the consumer
// pulls (so the socket's back-pressure reaches the source) and ended exactly
// once, whichever way it ends: the source finishes or fails, the consumer
// cancels (the client went away), the consumer stops pulling for
// `writeTimeoutMs` (a paused or dead client), or `signal` aborts. Unlike
// Readable.toWeb, nothing is enqueued after the stream closed (Node 20 throws
// "Controller is already closed" from inside the bridge, an uncaught
// exception that took the process down when a download was cancelled).

export type StreamEnd =
  | { reason: 'complete' }
  | { reason: 'cancelled' | 'write-timeout' | 'aborted' | 'failed'; error: unknown };

export type PullStreamOptions = {
  /** Bytes queued ahead of the consumer. */
  highWaterMark: number;
  /** The stream fails when the consumer has not pulled for this long while data waits. */
  writeTimeoutMs: number;
  /** Aborting it fails the stream, so the client sees a broken download, not a short complete one. */
  signal?: AbortSignal;
  /** Each chunk as it is handed to the consumer. */
  onChunk: (chunk: Buffer) => void;
  /** Called once, after the source was destroyed if it did not complete. */
  onEnd: (end: StreamEnd) => void;
};

export class WriteTimeoutError extends Error {
  constructor(ms: number) {
    super(`the client read nothing for ${ms} ms`);
    this.name = 'WriteTimeoutError';
  }
}

export function pullWebStream(source: Readable, options: PullStreamOptions): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let idle: NodeJS.Timeout | undefined;

  const end = (outcome: StreamEnd) => {
    if (!open) return;
    open = false;
    clearTimeout(idle);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome.reason === 'complete') {
      controller.close();
    } else {
      source.destroy();
      // An AbortError, which Next.js's response writer takes as the end of the
      // response (it destroys the socket, so the client sees the download
      // fail) rather than as a fault to log. A no-op when the consumer cancelled.
      controller.error(new DOMException(`the download ended early (${outcome.reason})`, 'AbortError'));
    }
    options.onEnd(outcome);
  };
  const onAbort = () => end({ reason: 'aborted', error: options.signal?.reason ?? new Error('aborted') });
  // Failing while nobody pulls (the connection died under a paused client) releases at once.
  source.on('error', (error) => end({ reason: 'failed', error }));

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (options.signal?.aborted) queueMicrotask(onAbort);
        else options.signal?.addEventListener('abort', onAbort);
      },
      async pull() {
        clearTimeout(idle);
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          end({ reason: 'failed', error });
          return;
        }
        if (!open) return;
        if (next.done) {
          end({ reason: 'complete' });
          return;
        }
        options.onChunk(next.value);
        controller.enqueue(next.value);
        // Cleared by the next pull, which comes at once while the consumer keeps up.
        idle = setTimeout(() => end({ reason: 'write-timeout', error: new WriteTimeoutError(options.writeTimeoutMs) }), options.writeTimeoutMs);
      },
      cancel(reason) {
        end({ reason: 'cancelled', error: reason ?? new Error('cancelled') });
      },
    },
    // Counted in bytes, not chunks; not a byte stream (type: 'bytes'), whose
    // enqueue would detach the pooled ArrayBuffer a Node Buffer is a slice of.
    new ByteLengthQueuingStrategy({ highWaterMark: options.highWaterMark }),
  );
  return stream;
}

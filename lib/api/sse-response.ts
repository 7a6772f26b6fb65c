import 'server-only';

// A Server-Sent Events response fed by an async generator of events, as a web
// ReadableStream with pull() (not a Node stream bridged with Readable.toWeb,
// which crashes the process when the client cancels on Node 20,
// nodejs/node#64529). pull() asks the generator for the next event only when
// the stream's buffer has room, so a client that reads slowly slows the
// generator down instead of filling memory; one that stops reading for
// stallMs is cut off. When the client goes away (or is cut off) the
// generator's signal is aborted and the generator is returned, so its
// finally blocks release what it holds.

export type SseEvent = { event: string; data: unknown };

export type SseOptions = {
  /** A comment line this often while there is nothing to send, so proxies keep the connection open. */
  heartbeatMs: number;
  /** How long the buffer may stay full before the client is taken to have stopped reading. */
  stallMs: number;
  /** Bytes buffered ahead of the client. */
  highWaterMark: number;
};

export const SSE_DEFAULTS: SseOptions = { heartbeatMs: 15_000, stallMs: 60_000, highWaterMark: 256 * 1024 };

const HEARTBEAT = Symbol('heartbeat');
const encoder = new TextEncoder();

export function encodeSseEvent(event: SseEvent): Uint8Array {
  return encoder.encode(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

export function sseStream(requestSignal: AbortSignal, open: (signal: AbortSignal) => AsyncGenerator<SseEvent, void, undefined>, options: Partial<SseOptions> = {}): ReadableStream<Uint8Array> {
  const { heartbeatMs, stallMs, highWaterMark } = { ...SSE_DEFAULTS, ...options };
  const stop = new AbortController();
  const events = open(AbortSignal.any([requestSignal, stop.signal]));
  let next: Promise<IteratorResult<SseEvent, void>> | null = null;
  let stallTimer: NodeJS.Timeout | undefined;
  let finished = false;

  const finish = async () => {
    if (finished) return;
    finished = true;
    clearTimeout(stallTimer);
    stop.abort();
    // Waits for an event being made to settle, then runs the generator's finally blocks.
    await events.return(undefined).catch(() => undefined);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        clearTimeout(stallTimer);
        try {
          next ??= events.next();
          for (;;) {
            let beat: NodeJS.Timeout | undefined;
            const result = await Promise.race([next, new Promise<typeof HEARTBEAT>((resolve) => (beat = setTimeout(resolve, heartbeatMs, HEARTBEAT)))]);
            clearTimeout(beat);
            if (finished) return;
            if (result === HEARTBEAT) {
              controller.enqueue(encoder.encode(': still here\n\n'));
              continue;
            }
            next = null;
            if (result.done) {
              finished = true;
              controller.close();
              return;
            }
            controller.enqueue(encodeSseEvent(result.value));
            break;
          }
          if ((controller.desiredSize ?? 0) <= 0) {
            stallTimer = setTimeout(() => {
              // Named AbortError so Next.js takes it as a client gone, and destroys the connection quietly.
              controller.error(new DOMException('The client stopped reading the event stream.', 'AbortError'));
              void finish();
            }, stallMs);
          }
        } catch (error) {
          controller.error(error);
          await finish();
        }
      },
      cancel: finish,
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
}

/** sseStream as a Response with the headers an event stream needs. */
export function sseResponse(request: Request, open: (signal: AbortSignal) => AsyncGenerator<SseEvent, void, undefined>, options?: Partial<SseOptions>): Response {
  return new Response(sseStream(request.signal, open, options), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
}

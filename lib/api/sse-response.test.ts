import { describe, expect, it } from 'vitest';
import { sseStream, type SseEvent } from '@/lib/api/sse-response';

// The event stream's back-pressure, heartbeat and clean-up, with generators
// that count what was asked of them.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An endless generator of ~10 KB events that records how many it made, whether it was closed and whether its signal was aborted. */
function endless() {
  const state = { made: 0, closed: false, aborted: false };
  const open = async function* (signal: AbortSignal): AsyncGenerator<SseEvent, void, undefined> {
    signal.addEventListener('abort', () => (state.aborted = true));
    try {
      for (;;) yield { event: 'lines', data: { n: state.made++, pad: 'x'.repeat(10_000) } };
    } finally {
      state.closed = true;
    }
  };
  return { state, open };
}

const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

describe('sseStream', () => {
  it('asks for events only while its buffer has room: a client that does not read holds back the generator', async () => {
    const { state, open } = endless();
    const stream = sseStream(new AbortController().signal, open, { highWaterMark: 64 * 1024 });
    await sleep(100);
    // 64 KB of 10 KB events, and the one that filled it.
    expect(state.made).toBeGreaterThan(0);
    expect(state.made).toBeLessThanOrEqual(8);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(text(first.value!)).toMatch(/^event: lines\ndata: \{"n":0,/);
    await sleep(50);
    expect(state.made).toBeLessThanOrEqual(9);
    await reader.cancel();
    expect(state.closed).toBe(true);
    expect(state.aborted).toBe(true);
  });

  it('cuts off a client that stops reading for stallMs, and closes the generator', async () => {
    const { state, open } = endless();
    const stream = sseStream(new AbortController().signal, open, { highWaterMark: 16 * 1024, stallMs: 100 });
    await sleep(300);
    expect(state.closed).toBe(true);
    const reader = stream.getReader();
    // What was buffered is lost with the connection: the stream is errored.
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('closes the generator when the request is aborted (the client went away)', async () => {
    const { state, open } = endless();
    const request = new AbortController();
    const stream = sseStream(request.signal, open, { highWaterMark: 16 * 1024 });
    await sleep(20);
    request.abort();
    await stream.cancel();
    expect(state.aborted).toBe(true);
    expect(state.closed).toBe(true);
  });

  it('sends a heartbeat comment while the generator has nothing, then its events, then closes when it ends', async () => {
    const open = async function* (): AsyncGenerator<SseEvent, void, undefined> {
      await sleep(130);
      yield { event: 'end', data: { reason: 'done' } };
    };
    const chunks: string[] = [];
    const reader = sseStream(new AbortController().signal, open, { heartbeatMs: 50 }).getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(text(read.value));
    expect(chunks.filter((c) => c === ': still here\n\n').length).toBeGreaterThanOrEqual(1);
    expect(chunks.at(-1)).toBe('event: end\ndata: {"reason":"done"}\n\n');
  });

  it('errors the stream when the generator throws', async () => {
    const open = async function* (): AsyncGenerator<SseEvent, void, undefined> {
      yield { event: 'ready', data: {} };
      throw new Error('boom');
    };
    const reader = sseStream(new AbortController().signal, open).getReader();
    expect(text((await reader.read()).value!)).toContain('event: ready');
    await expect(reader.read()).rejects.toThrow('boom');
  });
});

import { once } from 'node:events';
import net from 'node:net';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { clientsWorldTokens, createClientsWorld, type ClientsWorld } from './clients/clients-world';

// Senders that hang up or stall in the middle of a request body, on a raw
// socket, as a crashed or throttled shipper does: nothing of their body is
// stored, and while one holds its request open the portal goes on serving
// every other sender. The world is this file's own: one app, a site per case.

const CASES = ['hangup', 'stall'] as const;
const DECLARED_BYTES = 1_000_000;

let world: ClientsWorld;
let portal: URL;
let ingestToken: string;
let reader: APIRequestContext;
let sender: APIRequestContext;
const startedAt = Date.now();

test.beforeAll(async ({ baseURL }) => {
  portal = new URL(baseURL!);
  world = await createClientsWorld(CASES);
  ({ ingestToken, reader } = await clientsWorldTokens(baseURL!, world, 'hang-ups'));
  sender = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${ingestToken}` } });
});

test.afterAll(async () => {
  await Promise.all([reader?.dispose(), sender?.dispose()]);
});

const ndjson = (label: string, count: number) => Array.from({ length: count }, (_, i) => `${JSON.stringify({ level: 'info', message: `${label} ${i}` })}\n`).join('');

/** A request whose head says DECLARED_BYTES and whose body stops after `part`: the socket, to hang up or to hold. */
async function startRequest(path: string, headers: Record<string, string>, part: string): Promise<net.Socket> {
  const socket = net.connect(Number(portal.port), portal.hostname);
  await once(socket, 'connect');
  const head = [`POST ${path} HTTP/1.1`, `Host: ${portal.host}`, `Content-Length: ${DECLARED_BYTES}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  await new Promise<void>((resolve, reject) => socket.write(head + part, (error) => (error ? reject(error) : resolve())));
  return socket;
}

function ingestHeaders(installationId: string) {
  return { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'application/x-ndjson', 'Logshare-Installation': installationId };
}

async function send(installationId: string, body: string) {
  const response = await sender.post('/api/v1/ingest', { headers: { 'content-type': 'application/x-ndjson', 'logshare-installation': installationId }, data: body });
  expect(response.status(), await response.text()).toBe(200);
}

/** Every message the vendor can read on one case's site. */
async function storedMessages(name: (typeof CASES)[number]): Promise<string[]> {
  const query = new URLSearchParams({ from: new Date(startedAt - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), site: world.installations[name]!.siteUrl, limit: '1000' });
  const response = await reader.get(`/api/v1/apps/${world.appId}/logs?${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { lines: { message: string }[] }).lines.map((l) => l.message).sort();
}

const expected = (label: string, count: number) => Array.from({ length: count }, (_, i) => `${label} ${i}`).sort();

test('a sender that hangs up in the middle of its body stores nothing of it, and its next batch is taken', async () => {
  const { installationId } = world.installations.hangup!;
  const socket = await startRequest('/api/v1/ingest', ingestHeaders(installationId), ndjson('cut off', 200));
  // Long enough for the portal to be reading the body; the test asserts no time.
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.destroy();

  await send(installationId, ndjson('after the hang-up', 3));
  expect(await storedMessages('hangup')).toEqual(expected('after the hang-up', 3));
  expect((await sender.get('/api/health')).status()).toBe(200);
});

test('a sender that stalls in the middle of its body holds back no other sender, and stores nothing once it gives up', async () => {
  const { installationId } = world.installations.stall!;
  const stalled = await Promise.all([1, 2, 3].map(() => startRequest('/api/v1/ingest', ingestHeaders(installationId), ndjson('stalled', 100))));
  // next-auth's browser logger, stalled the same way.
  const stalledLog = await startRequest('/api/auth/_log', { 'Content-Type': 'application/x-www-form-urlencoded', Origin: portal.origin }, 'level=warn&code=');
  try {
    for (const batch of [0, 1, 2, 3, 4]) await send(installationId, ndjson(`beside the stalled ${batch}`, 2));
    const log = await sender.post('/api/auth/_log', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: portal.origin }, data: 'level=warn&code=BESIDE_A_STALL' });
    expect(log.status()).toBe(200);
    expect((await sender.get('/api/health')).status()).toBe(200);
  } finally {
    for (const socket of [...stalled, stalledLog]) socket.destroy();
  }
  await send(installationId, ndjson('after the stall', 1));
  expect(await storedMessages('stall')).toEqual([...[0, 1, 2, 3, 4].flatMap((b) => expected(`beside the stalled ${b}`, 2)), ...expected('after the stall', 1)].sort());
});

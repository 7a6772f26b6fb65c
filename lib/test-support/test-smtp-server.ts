import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedEmail = { to: string[]; subject: string; raw: string };

export type TestSmtpServer = {
  url: string;
  /** Messages the server accepted, in order. */
  received: ReceivedEmail[];
  /** Messages it was offered, accepted or refused. */
  offered: number;
  close: () => Promise<void>;
};

/**
 * A local SMTP server for tests: it refuses the first `failFirst` messages
 * with a temporary error (451), then accepts; `delayMs` holds each message
 * that long before answering, so deliverers overlap.
 */
export async function startTestSmtpServer(options: { failFirst?: number; delayMs?: number } = {}): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { url: '', received: [], offered: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const offered = ++state.offered;
        setTimeout(() => {
          if (offered <= (options.failFirst ?? 0)) {
            callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
          state.received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw });
          callback();
        }, options.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

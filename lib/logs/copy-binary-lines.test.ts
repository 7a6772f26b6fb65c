import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { CopyBinaryLines } from '@/lib/logs/copy-binary-lines';

// Binary COPY output built by hand as PostgreSQL writes it: signature, flags,
// header extension, then per row a field count, a length and the bytes, then
// the trailer. The decoder must come out the same however the bytes are cut.

function binaryCopy(rows: string[], extension = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0, 0);
  header.writeUInt32BE(extension.length, 4);
  const body = rows.map((row) => {
    const bytes = Buffer.from(row, 'utf8');
    const prefix = Buffer.alloc(6);
    prefix.writeInt16BE(1, 0);
    prefix.writeInt32BE(bytes.length, 2);
    return Buffer.concat([prefix, bytes]);
  });
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), header, extension, ...body, trailer]);
}

const decode = (chunks: Buffer[]) => text(Readable.from(chunks).pipe(new CopyBinaryLines()));

function cut(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

describe('CopyBinaryLines', () => {
  const rows = ['{"message":"first"}', '{"message":"zweite Zeile: ü, 日本"}', '', '{"message":"' + 'x'.repeat(5000) + '"}'];
  const expected = rows.map((r) => `${r}\n`).join('');

  it('turns each row into a line, whole or cut into chunks of any size', async () => {
    const bytes = binaryCopy(rows, Buffer.from('ext'));
    expect(await decode([bytes])).toBe(expected);
    for (const size of [1, 2, 5, 7, 19, 64, 4096]) expect(await decode(cut(bytes, size)), `chunks of ${size}`).toBe(expected);
  });

  it('fails on a stream that is not binary COPY or that ends before its trailer', async () => {
    await expect(decode([Buffer.from('{"message":"a CSV or text COPY line"}\n')])).rejects.toThrow(/not a binary COPY/);
    const bytes = binaryCopy(rows);
    await expect(decode([bytes.subarray(0, bytes.length - 2)])).rejects.toThrow(/ended early/);
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MaskExportAttributes } from '@/lib/logs/mask-export-attributes';

async function run(format: 'ndjson' | 'csv', text: string, chunkBytes: number): Promise<string> {
  const bytes = Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, i) => bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new MaskExportAttributes(format, new Set(['a.example|production'])))) out.push(chunk as Buffer);
  return Buffer.concat(out).toString();
}

describe('MaskExportAttributes', () => {
  const ndjson = [
    '{"timestamp":"t","message":"[email] é","site":"a.example","environment":"production","attributes":{"user":"ann@example.com","n":1}}',
    '{"timestamp":"t","message":"bob@example.com","site":"b.example","environment":"production","attributes":{"user":"bob@example.com"}}',
    '{"timestamp":"t","message":"x","site":"a.example","environment":"production","attributes":null}',
    '',
  ].join('\n');

  it('masks the attributes of the masked sites only, whatever the chunks (a character cut in two included)', async () => {
    for (const size of [1, 7, 64, 10_000]) {
      const lines = (await run('ndjson', ndjson, size)).split('\n');
      expect(JSON.parse(lines[0]!).attributes).toEqual({ user: '[email]', n: 1 });
      expect(JSON.parse(lines[0]!).message).toBe('[email] é');
      expect(lines[1]).toBe(ndjson.split('\n')[1]);
      expect(lines[2]).toBe(ndjson.split('\n')[2]);
    }
  });

  it('masks the last CSV column of masked sites, with quoted newlines and doubled quotes in other fields', async () => {
    const csv = [
      'timestamp,level,message,invocationId,traceId,module,function,appVersion,site,environment,attributes',
      't,info,"two\nlines, ""quoted""",,,m,f,1.0,a.example,production,"{""ip"": ""10.1.2.3"", ""q"": ""a,b""}"',
      't,info,plain,,,m,f,1.0,b.example,production,"{""ip"": ""10.1.2.3""}"',
      't,info,none,,,m,f,1.0,a.example,production,',
      '',
    ].join('\n');
    for (const size of [1, 5, 10_000]) {
      const rows = await run('csv', csv, size);
      expect(rows).toContain('t,info,"two\nlines, ""quoted""",,,m,f,1.0,a.example,production,"{""ip"":""[ip]"",""q"":""a,b""}"\n');
      expect(rows).toContain('b.example,production,"{""ip"": ""10.1.2.3""}"\n');
      expect(rows).toContain('t,info,none,,,m,f,1.0,a.example,production,\n');
      expect(rows.startsWith('timestamp,level,')).toBe(true);
    }
  });
});

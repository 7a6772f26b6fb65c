import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { maskValue } from '@/lib/log-access/mask-served-line';

// An export for a vendor whose grant masks personal data: PostgreSQL masks
// the message (the stored masked copy), and this masks the attributes of
// those sites' lines on the way to the client, as every other vendor path
// masks them (lib/log-access/mask-served-line.ts). A line is known by its
// site and environment labels; when two installations share both labels and
// only one masks, both are masked. Only exports with a masked site pass here.

const CSV_SAFE_FIRST = new Set(['=', '+', '-', '@', '\t', '\r']);

export class MaskExportAttributes extends Transform {
  private pending = '';
  private isHeader: boolean;
  // A chunk may end inside a character of several bytes: the decoder keeps its start for the next chunk.
  private readonly decoder = new StringDecoder('utf8');

  /** `masked`: "site|environment" (environment in lower case) of the lines to mask. */
  constructor(
    private readonly format: 'ndjson' | 'csv',
    private readonly masked: Set<string>,
  ) {
    super();
    this.isHeader = format === 'csv';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    try {
      const { records, rest } = (this.format === 'csv' ? splitCsvRecords : splitLines)(this.pending + this.decoder.write(chunk));
      this.pending = rest;
      callback(null, records.length ? Buffer.from(records.map((r) => this.maskRecord(r)).join('')) : undefined);
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback) {
    const rest = this.pending + this.decoder.end();
    callback(null, rest ? Buffer.from(this.maskRecord(rest)) : undefined);
  }

  private maskRecord(record: string): string {
    if (this.format === 'ndjson') {
      if (!record.trim()) return record;
      const line = JSON.parse(record) as { site: string; environment: string; attributes: unknown };
      if (!this.masked.has(`${line.site}|${line.environment}`) || line.attributes === null) return record;
      line.attributes = maskValue(line.attributes);
      return `${JSON.stringify(line)}\n`;
    }
    if (this.isHeader) {
      this.isHeader = false;
      return record;
    }
    const fields = csvFields(record);
    const site = fields[8];
    const environment = fields[9];
    const attributes = fields[10];
    if (!site || !environment || !attributes || !this.masked.has(`${site.value}|${environment.value}`) || attributes.value === '') return record;
    const json = attributes.value.startsWith("'") ? attributes.value.slice(1) : attributes.value;
    const masked = JSON.stringify(maskValue(JSON.parse(json)));
    const safe = CSV_SAFE_FIRST.has(masked[0] ?? '') ? `'${masked}` : masked;
    return `${record.slice(0, attributes.start)}"${safe.replace(/"/g, '""')}"${record.endsWith('\r\n') ? '\r\n' : '\n'}`;
  }
}

type Split = { records: string[]; rest: string };

/** Whole NDJSON lines (with their newline) from the front of the text, and the rest. */
function splitLines(text: string): Split {
  const end = text.lastIndexOf('\n');
  if (end < 0) return { records: [], rest: text };
  return { records: text.slice(0, end + 1).split(/(?<=\n)/), rest: text.slice(end + 1) };
}

/** Whole CSV records (with their newline) from the front of the text: a newline inside quotes is not a record's end. */
function splitCsvRecords(text: string): Split {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  return { records, rest: text.slice(start) };
}

/** A CSV record's fields: each value unquoted, and where it starts in the record. */
function csvFields(record: string): { value: string; start: number }[] {
  const fields: { value: string; start: number }[] = [];
  const line = record.replace(/\r?\n$/, '');
  let i = 0;
  while (i <= line.length) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) throw new Error('an unterminated CSV field');
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      value = line.slice(i, end);
      i = end;
    }
    fields.push({ value, start });
    i++; // the comma
  }
  return fields;
}

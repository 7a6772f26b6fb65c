import { Transform, type TransformCallback } from 'node:stream';

// The rows of a one-column `COPY … TO STDOUT (FORMAT binary)` as lines of
// text: each row's bytes as they are, then a newline. Binary COPY sends each
// value as a length and its bytes, so PostgreSQL does not look at every byte
// of the output as the text and CSV formats do (for escapes or quotes); that
// is a sixth of its work on an NDJSON export, on the core an export is bound by.
// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (int32) and the length of the header extension (int32). */
const HEADER_BYTES = SIGNATURE.length + 8;
const NEWLINE = 0x0a;
const TRAILER = -1;

export class CopyBinaryLines extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private headerSkipped = false;
  private ended = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    // What is left over is less than one row, so joining it to the next chunk copies little.
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    try {
      if (!this.headerSkipped) {
        if (data.length < HEADER_BYTES) {
          this.pending = data;
          return callback();
        }
        if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
        const extension = data.readUInt32BE(SIGNATURE.length + 4);
        if (data.length < HEADER_BYTES + extension) {
          this.pending = data;
          return callback();
        }
        at = HEADER_BYTES + extension;
        this.headerSkipped = true;
      }
      // A row's 6-byte prefix becomes a 1-byte newline, so the lines fit in the chunk's size;
      // copied into one buffer, not sliced, so no object is made per row.
      const out = Buffer.allocUnsafe(data.length);
      let written = 0;
      while (!this.ended && data.length - at >= 2) {
        const fields = data.readInt16BE(at);
        if (fields === TRAILER) {
          this.ended = true;
          at += 2;
          break;
        }
        if (fields !== 1) throw new Error(`expected one column per row, got ${fields}`);
        if (data.length - at < 6) break;
        const length = data.readInt32BE(at + 2);
        if (length < 0) throw new Error('a row is NULL');
        if (data.length - at < 6 + length) break;
        written += data.copy(out, written, at + 6, at + 6 + length);
        out[written++] = NEWLINE;
        at += 6 + length;
      }
      this.pending = at < data.length ? Buffer.from(data.subarray(at)) : Buffer.alloc(0);
      callback(null, written ? out.subarray(0, written) : undefined);
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback) {
    callback(this.ended && this.pending.length === 0 ? null : new Error('the binary COPY stream ended early'));
  }
}

// Counts the complete lines of an export file as its chunks go out, so a
// download cut short is recorded with the lines it really sent. NDJSON: one
// line per newline (JSON escapes the newlines inside values). CSV: one record
// per newline outside quotes (a quoted value may hold newlines; a doubled
// quote inside one toggles twice), less the header.

const NEWLINE = 0x0a;
const QUOTE = 0x22;

export type LineCounter = { add(chunk: Buffer): void; readonly lines: number };

export function countFileLines(format: 'ndjson' | 'csv'): LineCounter {
  return format === 'ndjson' ? newlineCounter() : csvRecordCounter();
}

function newlineCounter(): LineCounter {
  let lines = 0;
  return {
    add(chunk) {
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
    },
    get lines() {
      return lines;
    },
  };
}

function csvRecordCounter(): LineCounter {
  let records = 0;
  let quoted = false;
  return {
    add(chunk) {
      // Each search starts where the last ended, so every byte is looked at once.
      let nextQuote = chunk.indexOf(QUOTE);
      let nextNewline = quoted ? -1 : chunk.indexOf(NEWLINE);
      let at = 0;
      for (;;) {
        if (quoted) {
          if (nextQuote === -1) break;
          quoted = false;
          at = nextQuote + 1;
          nextQuote = chunk.indexOf(QUOTE, at);
          nextNewline = chunk.indexOf(NEWLINE, at);
        } else if (nextNewline !== -1 && (nextQuote === -1 || nextNewline < nextQuote)) {
          records++;
          at = nextNewline + 1;
          nextNewline = chunk.indexOf(NEWLINE, at);
        } else if (nextQuote !== -1) {
          quoted = true;
          at = nextQuote + 1;
          nextQuote = chunk.indexOf(QUOTE, at);
        } else {
          break;
        }
      }
    },
    get lines() {
      return Math.max(0, records - 1);
    },
  };
}

import { z } from 'zod';

// PostgreSQL cannot store a NUL character in text or jsonb, and UTF-8 cannot
// encode an unpaired UTF-16 surrogate (JSON's "\ud800" escape makes one).
// Every string a person or a client sends goes through `text()`, so such a
// character is a 400 with a clear message, never a database error.

export const UNSTORABLE_MESSAGE = 'must not contain NUL characters (\\u0000) or unpaired surrogates';

/** Whether PostgreSQL can store the string as it is. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/** A string schema that refuses what PostgreSQL cannot store; chain trim, min, max as usual. */
export function text(params?: { error?: string }) {
  return z.string(params).refine(isStorableText, UNSTORABLE_MESSAGE);
}

/**
 * A log line's text with NUL characters and unpaired surrogates replaced by
 * U+FFFD, one character for one, so lengths stay as they were. Logs are kept
 * rather than refused for a stray character: the rest of the line is what
 * matters, and U+FFFD shows where a character could not be kept.
 */
export function storableLogText(value: string): string {
  return isStorableText(value) ? value : value.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

// JSON.stringify writes a NUL as \u0000 and an unpaired surrogate as \udXXX
// (a paired one as the characters themselves). Each backslash escape is
// matched as a whole, so an escaped backslash before "u0000" is left alone.
const JSON_ESCAPE = /\\(?:u(?:0000|d[89a-f][0-9a-f]{2})|[^u]|u[0-9a-f]{4})/gi;

/** JSON text from JSON.stringify with NULs and unpaired surrogates escaped as \ufffd: storable as jsonb. */
export function storableJsonText(json: string): string {
  if (!json.includes('\\u')) return json;
  return json.replace(JSON_ESCAPE, (escape) => (/^\\u(0000|d[89a-f])/i.test(escape) ? '\\ufffd' : escape));
}

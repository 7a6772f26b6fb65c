import { describe, expect, it } from 'vitest';
import { isStorableText, storableJsonText, storableLogText, text } from '@/lib/validations/text';

describe('storable text', () => {
  it('refuses NUL characters and unpaired surrogates, and takes paired ones (emoji)', () => {
    expect(isStorableText('plain 😀')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('a\ud800b')).toBe(false);
    expect(isStorableText('a\udc00')).toBe(false);
  });

  it('makes every user string a 400-worthy zod issue, with trim, min and max still chained', () => {
    const name = text().trim().min(1).max(5);
    expect(name.parse('  ok ')).toBe('ok');
    expect(name.safeParse('a\u0000').error?.issues[0]?.message).toMatch(/NUL/);
    expect(name.safeParse('\ud83d').success).toBe(false);
  });

  it('replaces what PostgreSQL cannot store in a log line by U+FFFD, one character for one', () => {
    expect(storableLogText('a\u0000b\ud800c😀')).toBe('a\uFFFDb\uFFFDc😀');
    expect(storableLogText('fine')).toBe('fine');
  });

  it('replaces NUL and unpaired-surrogate escapes in JSON text, and leaves an escaped backslash before "u0000" alone', () => {
    const value = { 'k\u0000': 'v\ud800', literal: '\\u0000', pair: '😀', quote: '"\\' };
    const json = storableJsonText(JSON.stringify(value));
    expect(JSON.parse(json)).toEqual({ 'k\uFFFD': 'v\uFFFD', literal: '\\u0000', pair: '😀', quote: '"\\' });
  });
});

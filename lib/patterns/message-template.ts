// A log message's template: the variable parts (numbers, IDs, addresses,
// times, quoted text, paths) replaced by typed placeholders, so that
// "took 42 ms for user 7" and "took 9 ms for user 12" are one pattern,
// "took <num> ms for user <num>". Pure and shared with the browser.
//
// One pass of one precompiled regular expression: the alternatives below,
// tried in order at each position (the first that matches wins). Each
// alternative is a core (the text it replaces) with boundaries around it;
// the core alone, as a POSIX regular expression, is what a placeholder
// stands for in the template's SQL (template-regex.ts), so every message
// whose template is T matches T's expression.

export const PLACEHOLDERS = ['ts', 'uuid', 'email', 'url', 'ip', 'path', 'str', 'hex', 'id', 'num'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Stands for the rest of a template cut at MAX_TEMPLATE_LENGTH. */
export const REST = '<…>';
/** Longest template kept (characters, before REST): a `pattern:"…"` term must fit in a query. */
export const MAX_TEMPLATE_LENGTH = 300;

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,:][0-9]{1,9})?';
const ZONE = '(?:Z|[+-][0-9]{2}:?[0-9]{2})?';
const HEX = '[0-9a-fA-F]';
const H16 = `${HEX}{1,4}`;

type Kind = {
  placeholder: Placeholder;
  /** What the placeholder replaces: POSIX-compatible (classes, groups, quantifiers, no lookaround). */
  core: string;
  /** Conditions only the extractor checks, as lookarounds around the core (they only narrow it). */
  before?: string;
  after?: string;
};

// Boundaries: a token does not start or end inside a word; "_" separates (blk_123 → blk_<num>).
const NOT_AFTER_WORD = '(?<![A-Za-z0-9])';
const NOT_BEFORE_WORD = '(?![A-Za-z0-9])';

export const KINDS: Kind[] = [
  {
    placeholder: 'ts',
    core: [
      `[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ]${TIME}${ZONE})?`,
      `(?:${DAY} )?${MONTH} [ 0-9][0-9] ${TIME}(?: [0-9]{4})?`,
      `[0-9]{2}/[0-9]{2}/[0-9]{2,4}[ :]${TIME}`,
      `[0-9]{8}-[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?::[0-9]{1,3})?`,
      TIME,
    ].join('|'),
    before: '(?<![A-Za-z0-9:])',
    after: '(?![0-9])',
  },
  { placeholder: 'uuid', core: `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`, before: NOT_AFTER_WORD, after: NOT_BEFORE_WORD },
  { placeholder: 'email', core: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+', before: '(?<![A-Za-z0-9._%+-])' },
  { placeholder: 'url', core: '[a-zA-Z][a-zA-Z0-9+.-]*://[^ \t\r\n"\'<>]+', before: NOT_AFTER_WORD },
  {
    placeholder: 'ip',
    core: [
      '[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]{1,5})?',
      `\\[(?:${HEX}{0,4}:){2,7}${HEX}{0,4}\\](?::[0-9]{1,5})?`,
      `(?:${H16}:){7}${H16}`,
      `(?:${H16}(?::${H16})*)?::(?:${H16}(?::${H16})*)?`,
    ].join('|'),
    before: '(?<![A-Za-z0-9.:])(?=[0-9a-fA-F:.[\\]]*[0-9])',
    after: '(?![0-9A-Za-z.])',
  },
  { placeholder: 'path', core: '(?:~|\\.{1,2})?(?:/[A-Za-z0-9._~%+@-]+)+/?', before: '(?<![A-Za-z0-9/._~-])(?=[A-Za-z0-9._~%+@/-]*[A-Za-z])' },
  { placeholder: 'str', core: `"[^"\\r\\n]*"|'[^'\\r\\n]*'`, before: NOT_AFTER_WORD },
  { placeholder: 'hex', core: `0[xX]${HEX}+`, before: NOT_AFTER_WORD, after: NOT_BEFORE_WORD },
  // A long run of hex digits, or a base64-ish token (20+ characters), with digits and letters: an ID (a long number is a number).
  {
    placeholder: 'id',
    core: `${HEX}{16,}|[A-Za-z0-9+/]{20,}={0,2}`,
    before: `${NOT_AFTER_WORD}(?=[A-Za-z0-9+/]*[0-9])(?=[0-9+/]*[A-Za-z])`,
    after: '(?![A-Za-z0-9+/=])',
  },
  { placeholder: 'hex', core: `${HEX}{6,15}`, before: `${NOT_AFTER_WORD}(?=[0-9a-f]*[a-f])(?=[a-f]*[0-9])`, after: NOT_BEFORE_WORD },
  { placeholder: 'num', core: '[-+]?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?', before: '(?<![A-Za-z0-9.+-])', after: '(?![0-9.])' },
];

// Every token starts at a word's start: checked once, before the alternatives, so most positions cost one test.
const TOKENS = new RegExp(`${NOT_AFTER_WORD}(?=[0-9A-Za-z"'/.~[:+-])(?:${KINDS.map((k) => `(${k.before ?? ''}(?:${k.core})${k.after ?? ''})`).join('|')})`, 'g');
/** The characters every token holds at least one of: a message without any has no token and is its own template. */
const MAY_HAVE_TOKEN = /[0-9"'/@:]/;

function replaceToken(match: string, ...groups: unknown[]): string {
  for (let i = 0; i < KINDS.length; i++) if (groups[i] !== undefined) return `<${KINDS[i]!.placeholder}>`;
  return match;
}

/** The message's template; at most MAX_TEMPLATE_LENGTH characters, then REST. */
export function messageTemplate(message: string): string {
  const template = MAY_HAVE_TOKEN.test(message) ? message.replace(TOKENS, replaceToken) : message;
  return template.length > MAX_TEMPLATE_LENGTH ? cutTemplate(template) : template;
}

/** Cut before MAX_TEMPLATE_LENGTH, not inside a placeholder, nor inside a surrogate pair. */
function cutTemplate(template: string): string {
  let end = MAX_TEMPLATE_LENGTH;
  const open = template.lastIndexOf('<', end - 1);
  if (open >= 0) {
    const close = template.indexOf('>', open);
    if (close >= end && PLACEHOLDER_AT.test(template.slice(open, close + 1))) end = open;
  }
  const code = template.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return template.slice(0, end) + REST;
}

const PLACEHOLDER_AT = new RegExp(`^<(?:${PLACEHOLDERS.join('|')})>$`);

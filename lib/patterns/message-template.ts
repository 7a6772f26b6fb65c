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
  /** Characters of which the core holds at least one: a message without any cannot hold this kind. */
  needs?: string[];
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
    needs: [':', '-', '/'],
  },
  { placeholder: 'uuid', core: `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`, before: NOT_AFTER_WORD, after: NOT_BEFORE_WORD, needs: ['-'] },
  { placeholder: 'email', core: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+', before: '(?<![A-Za-z0-9._%+-])', needs: ['@'] },
  { placeholder: 'url', core: '[a-zA-Z][a-zA-Z0-9+.-]*://[^ \t\r\n"\'<>]+', before: NOT_AFTER_WORD, needs: [':'] },
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
    needs: ['.', ':'],
  },
  { placeholder: 'path', core: '(?:~|\\.{1,2})?(?:/[A-Za-z0-9._~%+@-]+)+/?', before: '(?<![A-Za-z0-9/._~-])(?=[~./])(?=[A-Za-z0-9._~%+@/-]*[A-Za-z])', needs: ['/'] },
  { placeholder: 'str', core: `"[^"\\r\\n]*"|'[^'\\r\\n]*'`, before: NOT_AFTER_WORD, needs: ['"', "'"] },
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

/** The characters every token holds at least one of: a message without any has no token and is its own template. */
const MAY_HAVE_TOKEN = /[0-9"'/@:]/;
/**
 * Where a token can start: a digit or sign, a quote, a path's or an IPv6
 * address's first character, or a letter that begins a day or month name,
 * or a run of letters, digits and ._%+- that reaches a digit, @ or : (an ID,
 * hex, e-mail, URL or IPv6 address). Most words are none of these: one scan
 * of the word rejects them instead of every kind trying it.
 */
const TOKEN_START = `(?=[0-9"'/.~[:+-]|${DAY}|${MONTH}|[A-Za-z][A-Za-z0-9._%+-]*[0-9@:])`;
/** Every character some kind needs, each with its bit. */
const NEEDED = [...new Set(KINDS.flatMap((k) => k.needs ?? []))];

/**
 * The expression of the kinds a message can hold: a kind whose needed
 * characters are all absent cannot match anywhere in it, so leaving it out
 * changes no template and spares trying it at every word. Built once per
 * combination of the needed characters present (a few dozen at most).
 */
const tokensByMask = new Map<number, { regex: RegExp; placeholders: string[] }>();
function tokensFor(mask: number) {
  let tokens = tokensByMask.get(mask);
  if (!tokens) {
    const kinds = KINDS.filter((k) => !k.needs || k.needs.some((c) => mask & (1 << NEEDED.indexOf(c))));
    // Every token starts at a word's start and at a TOKEN_START: checked once, before the alternatives.
    const alternatives = kinds.map((k) => `(${k.before ?? ''}(?:${k.core})${k.after ?? ''})`).join('|');
    tokens = { regex: new RegExp(`${NOT_AFTER_WORD}${TOKEN_START}(?:${alternatives})`, 'g'), placeholders: kinds.map((k) => `<${k.placeholder}>`) };
    tokensByMask.set(mask, tokens);
  }
  return tokens;
}

/** The message's template; at most MAX_TEMPLATE_LENGTH characters, then REST. */
export function messageTemplate(message: string): string {
  let template = message;
  if (MAY_HAVE_TOKEN.test(message)) {
    let mask = 0;
    for (let i = 0; i < NEEDED.length; i++) if (message.includes(NEEDED[i]!)) mask |= 1 << i;
    const { regex, placeholders } = tokensFor(mask);
    template = message.replace(regex, (match: string, ...groups: unknown[]) => {
      for (let i = 0; i < placeholders.length; i++) if (groups[i] !== undefined) return placeholders[i]!;
      return match;
    });
  }
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

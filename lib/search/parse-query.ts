// The log search language of the viewer, the API's `q` and the live tail,
// parsed into a tree with the source position of every node. Pure and shared
// with the browser (the search box checks a query before sending it); the
// server parses again and is the one that decides. Every input either parses
// or throws SearchQueryError with a 1-based column: nothing else is thrown,
// and the bounds below keep the work linear in the (bounded) length.
//
//   query  := or
//   or     := and ( "OR" and )*
//   and    := unary ( ["AND"] unary )*          implicit AND
//   unary  := ( "-" | "NOT" ) unary | primary
//   primary:= "(" or ")" | term
//   term   := "phrase" | field ":" value | attr.path ":" [op] value | word
//   (pattern:"template" is a field: the lines whose message has that template, lib/patterns/)

/** Longest query, in characters. */
export const MAX_QUERY_LENGTH = 500;
/** Most terms (words, phrases, field filters) in one query. */
export const MAX_QUERY_TERMS = 20;
/** Deepest nesting of parentheses and negations. */
export const MAX_QUERY_DEPTH = 8;
/** Most keys in an attribute path (attr.a.b.c). */
export const MAX_ATTRIBUTE_PATH = 8;

export const SEARCH_FIELDS = ['level', 'site', 'env', 'version', 'module', 'function', 'invocation', 'trace', 'pattern'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
/** Other names people reach for, and the field they mean. */
const FIELD_ALIASES: Record<string, SearchField> = { environment: 'env', invocationid: 'invocation', traceid: 'trace', fn: 'function' };

/** The stored levels (the LogLevel enum, lower case) and the words that name them. */
export const LEVEL_WORDS: Record<string, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
};
export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
const ENVIRONMENT_WORDS: Record<string, (typeof ENVIRONMENTS)[number]> = { production: 'production', prod: 'production', staging: 'staging', stage: 'staging', development: 'development', dev: 'development' };

/** record[key] only for the record's own keys: "constructor" is no level. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export type Comparison = '=' | '>' | '>=' | '<' | '<=';

/** Offsets into the query text, 0-based, end exclusive. */
export type Span = { start: number; end: number };

export type SearchNode =
  | ({ kind: 'and' | 'or'; items: SearchNode[] } & Span)
  | ({ kind: 'not'; item: SearchNode } & Span)
  /** A word (substring of the message; a level word also matches the level) or a "phrase". */
  | ({ kind: 'text'; text: string; isPhrase: boolean; level: string | null } & Span)
  | ({ kind: 'field'; field: SearchField; value: string } & Span)
  | ({ kind: 'attr'; path: string[]; op: Comparison; value: string; isQuoted: boolean } & Span);

export type SearchQuery = { text: string; root: SearchNode | null };

export class SearchQueryError extends Error {
  constructor(
    message: string,
    /** 1-based column of the problem. */
    readonly column: number,
    /** How many characters from there the problem spans (at least 1). */
    readonly length: number,
  ) {
    super(`${message} (column ${column})`);
    this.name = 'SearchQueryError';
  }
}

type Token =
  | ({ type: 'open' | 'close' | 'or' | 'and' | 'not' | 'minus' } & Span)
  | ({ type: 'phrase'; value: string } & Span)
  | ({ type: 'word'; value: string } & Span);

function fail(message: string, start: number, end = start + 1): never {
  throw new SearchQueryError(message, start + 1, Math.max(1, end - start));
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDelimiter = (c: string) => isSpace(c) || c === '(' || c === ')' || c === '"';

/** A quoted string from `start` (the opening quote): \" and \\ escape; returns the value and the offset past the closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[++i];
    } else if (c === '"') {
      return { value, end: i + 1 };
    } else value += c;
  }
  return fail('This quote is never closed; end the phrase with "', start);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'open' : 'close', start: i, end: i + 1 });
      i++;
    } else if (c === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ type: 'phrase', value, start: i, end });
      i = end;
    } else if (c === '-' && i + 1 < text.length && !isSpace(text[i + 1]!) && text[i + 1] !== ')' && (i === 0 || isDelimiter(text[i - 1]!))) {
      tokens.push({ type: 'minus', start: i, end: i + 1 });
      i++;
    } else {
      // A word runs to the next space or parenthesis; a field's quoted value ("site:"a b"") belongs to it.
      let end = i;
      while (end < text.length && !isDelimiter(text[end]!)) end++;
      if (text[end] === '"' && text[end - 1] === ':') end = readQuoted(text, end).end;
      const value = text.slice(i, end);
      const keyword = value === 'OR' ? 'or' : value === 'AND' ? 'and' : value === 'NOT' ? 'not' : null;
      tokens.push(keyword ? { type: keyword, start: i, end } : { type: 'word', value, start: i, end });
      i = end;
    }
  }
  return tokens;
}

/** The control characters a query may not hold (tab and line breaks are spaces). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Parses a search query; an empty or blank query has no root (it matches every line). */
export function parseSearchQuery(text: string): SearchQuery {
  if (text.length > MAX_QUERY_LENGTH) fail(`A query may be at most ${MAX_QUERY_LENGTH} characters long`, MAX_QUERY_LENGTH, text.length);
  const control = CONTROL.exec(text);
  if (control) fail('A query may not contain control characters', control.index);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    if (isHigh && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else if (isHigh || (code >= 0xdc00 && code <= 0xdfff)) fail('A query may not contain an unpaired surrogate character', i);
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) return { text, root: null };
  return { text, root: new Parser(tokens, text.length).parse() };
}

class Parser {
  private at = 0;
  private terms = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): SearchNode {
    const root = this.or(0);
    const rest = this.tokens[this.at];
    if (rest) fail(rest.type === 'close' ? 'This ) closes no (' : 'Unexpected text here', rest.start, rest.end);
    return root;
  }

  private peek() {
    return this.tokens[this.at];
  }

  private or(depth: number): SearchNode {
    const items = [this.and(depth)];
    while (this.peek()?.type === 'or') {
      const or = this.tokens[this.at++]!;
      const next = this.peek();
      if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail('OR needs a term after it', or.start, or.end);
      items.push(this.and(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items, start: items[0]!.start, end: items.at(-1)!.end };
  }

  private and(depth: number): SearchNode {
    const items: SearchNode[] = [];
    for (;;) {
      const token = this.peek();
      if (!token || token.type === 'close' || token.type === 'or') break;
      if (token.type === 'and') {
        if (items.length === 0) fail('AND needs a term before it', token.start, token.end);
        this.at++;
        const next = this.peek();
        if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail('AND needs a term after it', token.start, token.end);
        continue;
      }
      items.push(this.unary(depth));
    }
    if (items.length === 0) {
      const token = this.peek();
      if (token?.type === 'or') fail('OR needs a term before it', token.start, token.end);
      if (token?.type === 'close') fail('Empty parentheses or a ) that closes no (', token.start, token.end);
      fail('The query ends where a term is expected', this.length);
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items, start: items[0]!.start, end: items.at(-1)!.end };
  }

  private unary(depth: number): SearchNode {
    const token = this.tokens[this.at]!;
    if (token.type === 'minus' || token.type === 'not') {
      if (depth >= MAX_QUERY_DEPTH) fail(`Parentheses and exclusions may nest at most ${MAX_QUERY_DEPTH} deep`, token.start, token.end);
      this.at++;
      const next = this.peek();
      if (!next || next.type === 'close' || next.type === 'or' || next.type === 'and') fail(`Nothing to exclude after ${token.type === 'not' ? 'NOT' : '-'}`, token.start, token.end);
      const item = this.unary(depth + 1);
      return { kind: 'not', item, start: token.start, end: item.end };
    }
    if (token.type === 'open') {
      if (depth >= MAX_QUERY_DEPTH) fail(`Parentheses and exclusions may nest at most ${MAX_QUERY_DEPTH} deep`, token.start, token.end);
      this.at++;
      const next = this.peek();
      if (next?.type === 'close') fail('Empty parentheses', token.start, next.end);
      if (!next) fail('This ( is never closed', token.start, token.end);
      const inner = this.or(depth + 1);
      const close = this.peek();
      if (close?.type !== 'close') fail('This ( is never closed', token.start, token.end);
      this.at++;
      return { ...inner, start: token.start, end: close.end };
    }
    this.at++;
    if (++this.terms > MAX_QUERY_TERMS) fail(`A query may have at most ${MAX_QUERY_TERMS} terms`, token.start, token.end);
    if (token.type === 'phrase') {
      if (token.value.trim() === '') fail('An empty phrase matches nothing in particular; put words between the quotes', token.start, token.end);
      return { kind: 'text', text: token.value, isPhrase: true, level: null, start: token.start, end: token.end };
    }
    if (token.type === 'word') return termOf(token);
    return fail('Unexpected text here', token.start, token.end);
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether a value is a JSON number (and so also matched as a typed number). */
export function isJsonNumber(value: string): boolean {
  return value.length <= 40 && NUMBER.test(value) && Number.isFinite(Number(value));
}

function termOf(token: Token & { type: 'word' }): SearchNode {
  const { value, start, end } = token;
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon) : '';
  const lower = name.toLowerCase();
  if (lower.startsWith('attr.') || lower === 'attr' || (colon < 0 && value.toLowerCase().startsWith('attr.'))) return attributeTerm(token, colon);
  const field = (SEARCH_FIELDS as readonly string[]).includes(lower) ? (lower as SearchField) : own(FIELD_ALIASES, lower);
  // Anything else with a colon (a URL, key=value text) is a word to find in the message.
  if (!field) return { kind: 'text', text: value, isPhrase: false, level: own(LEVEL_WORDS, value.toLowerCase()) ?? null, start, end };
  const raw = valueOf(token, colon);
  // A template may start with a placeholder (<num> …): pattern: has no comparisons to confuse it with.
  if (field !== 'pattern' && /^[<>]/.test(raw.text)) fail(`${field}: compares by equality only; comparisons (>, <) are for numeric attributes`, start + colon + 1);
  if (field === 'level') {
    const level = own(LEVEL_WORDS, raw.text.toLowerCase());
    if (!level) fail(`Unknown level "${raw.text}"; use error, warn, info, debug or trace`, start + colon + 1, end);
    return { kind: 'field', field, value: level, start, end };
  }
  if (field === 'env') {
    const environment = own(ENVIRONMENT_WORDS, raw.text.toLowerCase());
    if (!environment) fail(`Unknown environment "${raw.text}"; use production, staging or development`, start + colon + 1, end);
    return { kind: 'field', field, value: environment, start, end };
  }
  return { kind: 'field', field, value: raw.text, start, end };
}

/** The value after a field's colon: bare, or quoted with \" and \\ escapes. */
function valueOf(token: Token & { type: 'word' }, colon: number): { text: string; isQuoted: boolean } {
  const rest = token.value.slice(colon + 1);
  if (rest === '') fail(`${token.value} needs a value after the colon`, token.start + colon, token.start + colon + 1);
  if (rest.startsWith('"')) return { text: readQuoted(token.value, colon + 1).value, isQuoted: true };
  return { text: rest, isQuoted: false };
}

function attributeTerm(token: Token & { type: 'word' }, colon: number): SearchNode {
  const { start, end } = token;
  if (colon < 0) fail(`${token.value} needs a colon and a value, as in attr.statusCode:502`, start, end);
  const path = token.value.slice(5, colon).split('.');
  if (token.value.slice(0, colon).toLowerCase() === 'attr' || path.some((key) => key === '')) {
    fail('An attribute needs a name after "attr." and no empty keys, as in attr.user.id:42', start, start + colon);
  }
  if (path.length > MAX_ATTRIBUTE_PATH) fail(`An attribute path may have at most ${MAX_ATTRIBUTE_PATH} keys`, start, start + colon);
  const op = /^(>=|<=|>|<)/.exec(token.value.slice(colon + 1))?.[1] as Comparison | undefined;
  if (!op) {
    const raw = valueOf(token, colon);
    return { kind: 'attr', path, op: '=', value: raw.text, isQuoted: raw.isQuoted, start, end };
  }
  const number = token.value.slice(colon + 1 + op.length);
  if (!isJsonNumber(number)) fail(`attr.${path.join('.')}:${op} needs a number after ${op}, as in attr.durationMs:>1000`, start + colon + 1, end);
  return { kind: 'attr', path, op, value: number, isQuoted: false, start, end };
}

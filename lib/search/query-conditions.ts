import { AppError } from '@/lib/errors';
import { templateRegex } from '@/lib/patterns/template-regex';
import { isJsonNumber, type SearchNode, type SearchQuery } from '@/lib/search/parse-query';
import { findPii } from '@/lib/pii/detect-pii';

// A parsed search query as one SQL condition over the lines `alias`, with
// every value bound through the caller's `add` (a $n placeholder, or an
// inlined literal for COPY). The shapes are those the search indexes serve
// (ILIKE and ~ on the message, @> on the attributes, equality on the ID columns,
// installation_id = ANY for sites and environments): keep them in step.

/** An installation a query's site: and env: terms choose among. */
export type SearchSource = { installationId: string; siteUrl: string; environment: string };

export type SearchContext = {
  add: (value: unknown) => string;
  alias?: string;
  /** The installations being read; without them, site: and env: cannot be answered. */
  sources?: SearchSource[];
  /**
   * For lines a grant masks: the search sees them as the vendor does. Text and
   * pattern: match the masked message too (a word found only inside an address
   * finds nothing), and a term that is itself personal data matches nothing.
   */
  masked?: boolean;
};

/** LIKE's wildcards and escape character, escaped (PostgreSQL's default escape is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchQueryCondition(query: SearchQuery, context: SearchContext): string | null {
  return query.root ? conditionOf(query.root, context) : null;
}

function conditionOf(node: SearchNode, context: SearchContext): string {
  const col = (name: string) => `${context.alias ?? 'l'}.${name}`;
  const { add } = context;
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.items.map((item) => conditionOf(item, context)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      // IS NOT TRUE, not NOT: a line without a module or attributes (NULL) is one that -module:x keeps.
      return `(${conditionOf(node.item, context)}) IS NOT TRUE`;
    case 'text': {
      if (context.masked && findPii(node.text).length) return node.level ? `${col('level')} = '${node.level.toUpperCase()}'` : 'false';
      const like = add(`%${escapeLike(node.text)}%`);
      // The message's own ILIKE first, which the trigram index serves; the masked copy then checks each line it finds.
      const contains = context.masked ? `(${col('message')} ILIKE ${like} AND coalesce(${col('message_masked')}, ${col('message')}) ILIKE ${like})` : `${col('message')} ILIKE ${like}`;
      return node.level ? `(${contains} OR ${col('level')} = '${node.level.toUpperCase()}')` : contains;
    }
    case 'field':
      return fieldCondition(node, context);
    case 'attr':
      return attributeCondition(node, context);
  }
}

/** site: is a case-insensitive part of the site's URL; env: the environment. */
export function sourceMatches(source: SearchSource, field: 'site' | 'env', value: string): boolean {
  return field === 'site' ? source.siteUrl.toLowerCase().includes(value.toLowerCase()) : source.environment.toLowerCase() === value;
}

function fieldCondition(node: SearchNode & { kind: 'field' }, context: SearchContext): string {
  const col = (name: string) => `${context.alias ?? 'l'}.${name}`;
  const { add } = context;
  switch (node.field) {
    case 'level':
      return `${col('level')} = '${node.value.toUpperCase()}'`;
    case 'invocation':
      return `${col('invocation_id')} = ${add(node.value)}`;
    case 'trace':
      return `${col('trace_id')} = ${add(node.value)}`;
    case 'pattern':
      // The template's anchored expression: every message with that template matches it (lib/patterns/template-regex.ts).
      // A masked line's template is that of its masked message (lib/console/read-app-patterns.ts).
      return `${context.masked ? `coalesce(${col('message_masked')}, ${col('message')})` : col('message')} ~ ${add(templateRegex(node.value))}`;
    case 'module':
    case 'function':
    case 'version': {
      const column = node.field === 'version' ? 'app_version' : node.field === 'function' ? '"function"' : 'module';
      return `${col(column)} ILIKE ${add(`${escapeLike(node.value)}%`)}`;
    }
    case 'site':
    case 'env': {
      if (!context.sources) {
        throw new AppError('bad_request', `q: ${node.field}: chooses among an app's sites; here the site is already chosen (column ${node.start + 1})`, undefined, {
          details: { field: 'q', column: node.start + 1, length: node.end - node.start },
        });
      }
      const field = node.field;
      const ids = context.sources.filter((s) => sourceMatches(s, field, node.value)).map((s) => s.installationId);
      return ids.length ? `${col('installation_id')} = ANY(${add(ids)}::text[])` : 'false';
    }
  }
}

function attributeCondition(node: SearchNode & { kind: 'attr' }, context: SearchContext): string {
  const attributes = `${context.alias ?? 'l'}.attributes`;
  const { add } = context;
  if (node.op === '=') {
    if (context.masked && findPii(node.value).length) return 'false';
    // {"a":{"b":value}}: containment, which a GIN index on the attributes serves.
    // Built as text, so a number keeps all its digits (no round trip through a double).
    const nested = (json: string) => node.path.reduceRight((inner, key) => `{${JSON.stringify(key)}:${inner}}`, json);
    const contains = (json: string) => `${attributes} @> ${add(nested(json))}::jsonb`;
    const typed = node.isQuoted ? null : typedJson(node.value);
    if (typed === null) return contains(JSON.stringify(node.value));
    return `(${contains(typed)} OR ${contains(JSON.stringify(node.value))})`;
  }
  const path = `${attributes} #> ${add(node.path)}::text[]`;
  // CASE, so the cast runs only on numbers: AND does not promise the order in which it evaluates.
  return `(jsonb_typeof(${path}) = 'number' AND CASE WHEN jsonb_typeof(${path}) = 'number' THEN (${path})::numeric ${node.op} ${add(node.value)}::numeric END)`;
}

/** The JSON text of a bare value that reads as a number, true, false or null; null for any other. */
function typedJson(value: string): string | null {
  if (value === 'true' || value === 'false' || value === 'null') return value;
  return isJsonNumber(value) ? value : null;
}

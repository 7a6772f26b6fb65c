// The attribute columns a vendor adds to the viewer's line list, kept in the
// page URL as `cols=attr.statusCode,attr.user.id`. A URL may hold anything, so
// only well-formed attribute paths are kept, without repeats, and few of them.

export const MAX_COLUMNS = 6;
const MAX_COLUMN_LENGTH = 100;
/** `attr.` and dot-separated keys as the search language writes them (lib/search/parse-query.ts), without quoting. */
const COLUMN = /^attr(\.[A-Za-z0-9_$@-]+)+$/;

export function parseColumns(value: string | null): string[] {
  if (!value) return [];
  const columns: string[] = [];
  for (const column of value.split(',').map((c) => c.trim())) {
    if (columns.length === MAX_COLUMNS) break;
    if (column.length <= MAX_COLUMN_LENGTH && COLUMN.test(column) && !columns.includes(column)) columns.push(column);
  }
  return columns;
}

/** The value of a line's attribute at a column's path, as the list shows it: text as is, other values as JSON, absent as ''. */
export function attributeCell(attributes: unknown, column: string): string {
  let value: unknown = attributes;
  for (const key of column.split('.').slice(1)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return '';
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The attribute paths found in some lines' attributes, as columns to offer:
 * leaves and objects down to three keys deep, the most frequent first, at
 * most `limit` of them.
 */
export function columnsOffered(lines: { attributes: unknown }[], limit = 40): string[] {
  const counts = new Map<string, number>();
  const walk = (value: unknown, path: string, depth: number) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth === 3) return;
    for (const [key, child] of Object.entries(value)) {
      const column = `${path}.${key}`;
      if (!COLUMN.test(column) || column.length > MAX_COLUMN_LENGTH) continue;
      counts.set(column, (counts.get(column) ?? 0) + 1);
      walk(child, column, depth + 1);
    }
  };
  for (const line of lines) walk(line.attributes, 'attr', 0);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([column]) => column);
}

/** The IDs a line can be followed by across sites. */
export type ExactField = 'invocation' | 'trace';

/** A search term that matches exactly one field's value, quoted as the search language quotes (`invocation:"a \"b\""`). */
export function exactTerm(field: ExactField, value: string): string {
  return `${field}:"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

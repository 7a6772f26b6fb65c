// Bounds on parsed JSON, checked without recursion: a value nested a million
// levels deep is measured with a list, not the call stack, so checking it can
// never overflow. Everything that recurses over a value afterwards (zod,
// JSON.stringify, the reads that serve it) only ever sees values within bounds.

export type JsonBounds = {
  /** Objects and arrays inside one another; a flat object is depth 1. */
  maxDepth: number;
  /** Object keys and array items, counted over the whole value. */
  maxEntries: number;
  /** Characters of one object key. */
  maxKeyChars: number;
};

/** The first bound `value` breaks, as a verb phrase ("nests deeper than 16 levels"), or null when it keeps them all. */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  let entries = 0;
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > bounds.maxDepth) return `nests deeper than ${bounds.maxDepth} levels`;
    if (Array.isArray(node)) {
      entries += node.length;
      if (entries > bounds.maxEntries) return `holds more than ${bounds.maxEntries} keys and items in all`;
      for (const item of node) pending.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      entries += 1;
      if (entries > bounds.maxEntries) return `holds more than ${bounds.maxEntries} keys and items in all`;
      if (key.length > bounds.maxKeyChars) return `holds a key longer than ${bounds.maxKeyChars} characters`;
      pending.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return null;
}

/** Whether `value` nests deeper than `limit` levels (stops walking as soon as it knows). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  return jsonBoundsProblem(value, { maxDepth: limit, maxEntries: Infinity, maxKeyChars: Infinity }) !== null;
}

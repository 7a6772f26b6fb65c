import { findPii, maskPii } from '@/lib/pii/detect-pii';

// Masking for a grant that masks personal data: applied to the lines after
// the page is read (the row mapper), so the reads stay the same statements
// and only the few lines served are scanned. The message is masked as the
// download masks it (lib/pii), and so is every string in the attributes.

/** A served line with personal data replaced by [email], [ip], …; nothing says where it was. */
export function maskServedLine<L extends { message: string; attributes: unknown; personalData: unknown[] }>(line: L): L {
  return Object.assign(line, { message: maskText(line.message), attributes: maskValue(line.attributes), personalData: [] });
}

/** A text with its personal data masked (unchanged when it holds none). */
export function maskText(text: string): string {
  const hits = findPii(text);
  return hits.length ? maskPii(text, hits) : text;
}

/** Every string of a JSON value masked, keys included. */
export function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskText(k), maskValue(v)]));
  return value;
}

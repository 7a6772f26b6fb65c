import { KINDS, PLACEHOLDERS, REST, type Placeholder } from '@/lib/patterns/message-template';

// A template as an anchored regular expression that both PostgreSQL (ARE)
// and JavaScript read the same way: its literal text escaped, each
// placeholder the union of the cores it replaces (or the placeholder's own
// text, in case a message held "<num>" literally), REST anything. Every
// message whose template is T matches T's expression: the cores are what
// was replaced, and the extractor's boundaries only ever narrowed them.

const CLASS_OF = new Map<Placeholder, string>(
  PLACEHOLDERS.map((p) => [p, `(?:${KINDS.filter((k) => k.placeholder === p).map((k) => k.core).join('|')}|<${p}>)`]),
);

const PLACEHOLDER_OR_REST = new RegExp(`<(${PLACEHOLDERS.join('|')})>|${REST}$`, 'g');
const SPECIAL = /[\\^$.|?*+()[\]{}]/g;

function escapeLiteral(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

/** `^…$` for a template; a template cut at its REST matches any message that starts so. */
export function templateRegex(template: string): string {
  let regex = '^';
  let at = 0;
  for (const match of template.matchAll(PLACEHOLDER_OR_REST)) {
    regex += escapeLiteral(template.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[1] === undefined) return regex; // REST: no end anchor
    regex += CLASS_OF.get(match[1] as Placeholder);
  }
  return `${regex}${escapeLiteral(template.slice(at))}$`;
}

/** The template's parts, for display: literal text and placeholders in order. */
export function templateParts(template: string): { text: string; placeholder: boolean }[] {
  const parts: { text: string; placeholder: boolean }[] = [];
  let at = 0;
  for (const match of template.matchAll(PLACEHOLDER_OR_REST)) {
    if (match.index > at) parts.push({ text: template.slice(at, match.index), placeholder: false });
    parts.push({ text: match[0], placeholder: true });
    at = match.index + match[0].length;
  }
  if (at < template.length) parts.push({ text: template.slice(at), placeholder: false });
  return parts;
}

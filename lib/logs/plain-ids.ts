// Whether text can go into JSON between quotes as it is: no quote, no
// backslash, no control character. Writers store the answer with each line,
// for its identifiers (invocation and trace IDs, module, function, app
// version: log_lines.plain_ids) and for its message (plain_message), so
// NDJSON exports skip escaping, most of their cost, for the common case.

const NEEDS_ESCAPING = /["\\\u0000-\u001f\u007f]/;

export function isPlainText(value: string | null | undefined): boolean {
  return value == null || !NEEDS_ESCAPING.test(value);
}

export function hasPlainIds(values: (string | null | undefined)[]): boolean {
  return values.every(isPlainText);
}

// Whether a line's identifiers (invocation and trace IDs, module, function,
// app version) can go into JSON between quotes as they are: no quote, no
// backslash, no control character. Writers store the answer with the line
// (log_lines.plain_ids), so exports skip escaping for the common case.

const NEEDS_ESCAPING = /["\\\u0000-\u001f\u007f]/;

export function hasPlainIds(values: (string | null | undefined)[]): boolean {
  return values.every((value) => value == null || !NEEDS_ESCAPING.test(value));
}

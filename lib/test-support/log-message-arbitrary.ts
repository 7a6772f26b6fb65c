import fc from 'fast-check';

/** Log messages built of the kinds of text templating meets (numbers, IDs, addresses, times, quotes, regex syntax), and of any text at all. */
export const logMessageArbitrary = fc
  .array(
    fc.oneof(
      fc.constantFrom(' ', '  ', ', ', ': ', '=', '/', '-', '_', '.', '"', "'", '[', ']', '(', ')', '<num>', '<', '>', '@', ':', '\n', '\\', '$', '^', '*'),
      fc.stringMatching(/^[a-zA-Z]{1,8}$/),
      fc.integer({ min: -100000, max: 100000 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.uuid(),
      fc.ipV4(),
      fc.ipV6(),
      fc.emailAddress(),
      fc.webUrl(),
      fc.stringMatching(/^[0-9a-f]{6,40}$/),
      fc.base64String({ minLength: 4, maxLength: 40 }),
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ maxLength: 12, unit: 'grapheme' }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

import fc from 'fast-check';

// Generators of hostile input for the fuzz suite. JSON is built as text, so
// keys named __proto__ reach the server as the own keys a sender would write
// (a JavaScript object literal would set the prototype instead), and values
// nested far deeper than JSON.stringify can serialize can be sent at all.

/** JSON text of a string, a NUL or an unpaired surrogate escaped as JSON.stringify writes them. */
export const q = (value: string) => JSON.stringify(value);

/** A JSON object from [key, JSON text] pairs, keys in order and duplicates kept. */
export const obj = (entries: [string, string][]) => `{${entries.map(([k, v]) => `${q(k)}:${v}`).join(',')}}`;

/** Arrays nested `depth` deep around `leaf`. */
export const deepArray = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

/** Strings PostgreSQL, JavaScript objects or parsers are likely to trip on. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '\ud83d\ude00',
    ...PROTOTYPE_NAMES,
    '%00',
    '../../etc/passwd',
    '9'.repeat(40),
    '-1',
    '1e400',
    'NaN',
    'Infinity',
    "'; DROP TABLE log_lines; --",
    '\\',
    '"',
    '<script>alert(1)</script>',
    '=HYPERLINK("x")',
    'x'.repeat(5_000),
    ',,,,',
    'error,warn,' + 'info,'.repeat(2_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 63, 1e21, 8.64e15 + 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value as text, hostile ones weighted in. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(q),
  hostileNumber.map((n) => JSON.stringify(n)),
  fc.constantFrom('null', 'true', 'false', '[]', '{}', '1e999', '-0'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(17, 200, 20_000).map((depth) => deepArray(depth)),
  fc.constantFrom(17, 200).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.array(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES, 'k\u0000', '\ud800', 'ok'), fc.constantFrom('1', '"v"', '{"__proto__":{"x":1}}', 'null')), { maxLength: 4 }).map(obj),
);

/** A timestamp field: valid ones (so some lines are stored) and every kind of wrong one. */
export const timestampJson = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ago) => q(new Date(Date.now() - ago).toISOString())) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ago) => String(Date.now() - ago)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      q('9999-12-31T23:59:59Z'),
      q('0000-01-01T00:00:00Z'),
      q('+275760-09-13T00:00:00Z'),
      q('2026-13-45T99:99:99Z'),
      q('2026-11-30T10:00:00'),
      '1e20',
      '-1',
      '1.5',
      '8640000000000001',
      q('yesterday'),
      'null',
    ),
  },
  { weight: 1, arbitrary: hostileJson },
);

export const levelJson = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('error', 'WARN', 'Info', 'debug', 'trace', 'fatal', 'notice').map(q) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES).map(q) },
  { weight: 1, arbitrary: hostileJson },
);

export const messageJson = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 60 }).map((m) => q(`fuzz ${m}`)) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz a\u0000b', 'fuzz \ud800 lone', 'fuzz \udc00', 'fuzz ' + 'm'.repeat(40_000), 'fuzz ok').map(q) },
  { weight: 1, arbitrary: hostileJson },
);

/** An attributes field: small valid objects, prototype-named keys, NULs, and nesting within and far beyond the bound. */
export const attributesJson = fc.oneof(
  fc.constantFrom('{"region":"eu","attempt":3}', '{"__proto__":{"polluted":true},"constructor":{"prototype":1},"toString":"t"}', String.raw`{"k\u0000":"v\ud800"}`, 'null'),
  fc.constantFrom(15, 16, 17, 1_000, 100_000).map((depth) => obj([['d', deepArray(depth)]])),
  fc.integer({ min: 990, max: 1_010 }).map((n) => obj(Array.from({ length: n }, (_, i) => [`k${i}`, '1'] as [string, string]))),
  hostileJson,
);

/** One NDJSON line: a line object whose fields are each valid or hostile, or a line that is not one at all. */
export function ndjsonLine(installationId: string) {
  const field = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { freq: 5 });
  const lineObject = fc
    .record({
      installationId: field(fc.oneof({ weight: 4, arbitrary: fc.constant(q(installationId)) }, { weight: 1, arbitrary: hostileJson })),
      siteUrl: fc.option(hostileJson, { freq: 2, nil: null }),
      timestamp: field(timestampJson),
      level: field(levelJson),
      message: field(messageJson),
      module: fc.option(hostileJson, { freq: 2, nil: null }),
      attributes: fc.option(attributesJson, { freq: 2, nil: null }),
      extra: fc.option(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES, 'service', 'k\u0000'), hostileJson), { freq: 4, nil: null }),
    })
    .map(({ extra, ...fields }) => {
      const entries = Object.entries(fields).filter((e): e is [string, string] => e[1] !== null);
      return obj(extra ? [...entries, extra] : entries);
    });
  return fc.oneof(
    { weight: 6, arbitrary: lineObject },
    { weight: 1, arbitrary: fc.constantFrom('{"installationId": ', '[1,2]', '"text"', 'null', '{}', '\u0000', '{"a":1}{"b":2}', deepArray(200_000, '{}')) },
    { weight: 1, arbitrary: hostileJson },
  );
}

const anyValueLeaf = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => obj([['stringValue', q(s)]])),
  fc.constantFrom(
    '{"intValue":"12"}',
    '{"intValue":"not a number"}',
    '{"intValue":1e400}',
    '{"doubleValue":1.5}',
    '{"boolValue":"yes"}',
    '{"bytesValue":"AAE="}',
    '{}',
    'null',
    '"bare string"',
    String.raw`{"stringValue":"nul \u0000 and \ud800"}`,
    '{"kvlistValue":{"values":[{"key":"__proto__","value":{"stringValue":"p"}},{"key":"constructor","value":{"stringValue":"c"}},{"key":"toString","value":{"stringValue":"t"}}]}}',
    '{"kvlistValue":{"values":"not a list"}}',
    '{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}}',
  ),
);

/** An OTLP AnyValue nested `depth` levels through kvlistValue, or through arrayValue. */
const nestedAnyValue = (depth: number, through: 'kvlist' | 'array') =>
  through === 'kvlist'
    ? `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"leaf"}${'}]}}'.repeat(depth)}`
    : `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"leaf"}${']}}'.repeat(depth)}`;

export const anyValueJson = fc.oneof(
  { weight: 4, arbitrary: anyValueLeaf },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(3, 15, 17, 30, 5_000, 20_000), fc.constantFrom('kvlist' as const, 'array' as const)).map(([d, t]) => nestedAnyValue(d, t)) },
  { weight: 1, arbitrary: hostileJson },
);

const nanosJson = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ago) => q(`${BigInt(Date.now() - ago) * 1_000_000n}`)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('1.5', '-1', '1764496800123456789.5', '1e30', '1.7644968e18', q('1.5e18'), q('-5'), q('soon'), q('9'.repeat(30)), q('9'.repeat(400)), '0', 'null', '{}', '[]', q('')),
  },
  { weight: 1, arbitrary: hostileJson },
);

const keyValueJson = (keys: fc.Arbitrary<string>) => fc.tuple(keys, anyValueJson).map(([key, value]) => obj([['key', q(key)], ['value', value]]));

/** One OTLP/JSON log record, its fields each valid or hostile. */
export function otlpRecord(installationId: string) {
  const attributeKey = fc.oneof(fc.constantFrom('logshare.installation.id', 'service.version', 'code.function.name', ...PROTOTYPE_NAMES, 'k\u0000'), hostileString);
  const installationAttribute = obj([['key', q('logshare.installation.id')], ['value', obj([['stringValue', q(installationId)]])]]);
  return fc
    .record({
      timeUnixNano: fc.option(nanosJson, { freq: 6, nil: null }),
      observedTimeUnixNano: fc.option(nanosJson, { freq: 2, nil: null }),
      severityNumber: fc.option(fc.oneof(fc.integer({ min: -5, max: 30 }).map(String), hostileJson), { freq: 3, nil: null }),
      severityText: fc.option(fc.oneof(fc.constantFrom('WARN', ...PROTOTYPE_NAMES).map(q), hostileJson), { freq: 2, nil: null }),
      body: fc.option(anyValueJson, { freq: 5, nil: null }),
      attributes: fc.oneof(
        { weight: 4, arbitrary: fc.array(keyValueJson(attributeKey), { maxLength: 4 }).map((kvs) => `[${[installationAttribute, ...kvs].join(',')}]`) },
        { weight: 1, arbitrary: hostileJson },
      ),
      traceId: fc.option(hostileJson, { freq: 2, nil: null }),
    })
    .map((fields) => obj(Object.entries(fields).filter((e): e is [string, string] => e[1] !== null)));
}

/** A whole OTLP/JSON request: usually the envelope around hostile records, sometimes a hostile envelope. */
export function otlpBody(installationId: string) {
  const records = fc.array(fc.oneof({ weight: 5, arbitrary: otlpRecord(installationId) }, { weight: 1, arbitrary: hostileJson }), { minLength: 1, maxLength: 4 });
  const envelope = fc
    .tuple(records, fc.option(fc.array(keyValueJson(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), hostileString)), { maxLength: 2 }), { nil: null }))
    .map(([logRecords, resource]) => {
      const resourceJson = resource ? `,"resource":{"attributes":[${resource.join(',')}]}` : '';
      return `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${logRecords.join(',')}]}]${resourceJson}}]}`;
    });
  return fc.oneof(
    { weight: 6, arbitrary: envelope },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{"resourceLogs":"nope"}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":{}}]}]}', '[]', 'null', '{', '', `{"resourceLogs":${deepArray(300_000)}}`, '{"__proto__":{"resourceLogs":[]}}'),
    },
    { weight: 1, arbitrary: hostileJson },
  );
}

/** A search query (q): the language's own pieces put together anyhow, with hostile text, nesting and length. */
export const hostileSearchQuery = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom('error', 'OR', 'AND', 'NOT', '-', '(', ')', '"', '""', '"a b"', 'level:', 'level:fatal', 'level:warn', 'site:', 'env:moon', 'attr.', 'attr.x', 'attr.a.b:1', 'attr.n:>', 'attr.n:>1e400', 'attr.n:>=-3.5', 'attr..x:1', 'attr.__proto__.constructor:1', 'module:%_', 'invocation:', '\\', '\u0000'),
        hostileString,
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(' ')),
  fc.constantFrom('('.repeat(300), `${'-('.repeat(50)}a${')'.repeat(50)}`, 'a '.repeat(400), 'x'.repeat(600), 'attr.' + 'k.'.repeat(30) + 'k:1'),
);

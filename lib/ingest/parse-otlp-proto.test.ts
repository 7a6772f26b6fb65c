import fc from 'fast-check';
import { Writer } from 'protobufjs/light';
import { describe, expect, it } from 'vitest';
import { decodeOtlpLogsProtobuf } from '@/lib/ingest/decode-otlp-proto';
import { otlpMessages } from '@/lib/ingest/otlp-proto-schema';
import { MAX_OTLP_DEPTH, parseOtlpRequest, type OtlpParseOptions } from '@/lib/ingest/parse-otlp-logs';
import { parseOtlpLogsProtobuf } from '@/lib/ingest/parse-otlp-proto';
import { readOtlpWire } from '@/lib/ingest/read-otlp-wire';

// The protobuf path reads the decoded message directly; the JSON path reads
// the same request decoded into OTLP/JSON's shape. For any request, both must
// give the same candidates and rejections, or throw the same error.

const MAPPED_KEYS = ['logshare.installation.id', 'logshare.site.url', 'service.version', 'code.namespace', 'code.function', 'code.function.name', 'faas.invocation.id', 'faas.invocation_id', 'logshare.invocation.id'];
const key = fc.oneof(fc.constantFrom(...MAPPED_KEYS, '__proto__', 'toString', 'spanId', '', 'k'), fc.string({ maxLength: 12 }));
const text = fc.oneof(fc.constantFrom('', 'acme.atlassian.net', 'inst-1', 'mod.fn', 'a\u0000b', '\udfffx'), fc.string({ maxLength: 20, unit: 'binary' }));
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
// Realistic times, zero, the edges of year 9999 and the whole unsigned 64-bit range.
const nanos = fc.oneof(
  { weight: 4, arbitrary: fc.constant(1_764_496_800_123_456_789n) },
  fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }),
  fc.constantFrom(0n, 253_402_300_799_999_999_999n, 253_402_300_800_000_000_000n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
).map(String);
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));

const { anyValue, keyValues } = fc.letrec<{ anyValue: Record<string, unknown>; keyValues: Record<string, unknown>[] }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small' },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: int64 }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ bytesValue: bytes(6) }),
    fc.constant({}),
    // Two members of the oneof on the wire.
    fc.record({ stringValue: text, intValue: int64 }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: tie('keyValues') }) }),
  ),
  keyValues: fc.array(fc.record({ key, value: tie('anyValue') }, { requiredKeys: [] }), { maxLength: 4 }),
}));

/** An AnyValue nested in arrays and key-value lists, around the depth bound wherever it sits in a request. */
const deepValue = fc.array(fc.boolean(), { minLength: 14, maxLength: 26 }).map((wrappers) => {
  let value: Record<string, unknown> = { stringValue: 'leaf' };
  for (const inArray of wrappers) value = inArray ? { arrayValue: { values: [value] } } : { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
});

const attributes = fc.oneof(
  { weight: 4, arbitrary: keyValues },
  { weight: 4, arbitrary: fc.array(fc.record({ key: fc.constantFrom(...MAPPED_KEYS), value: fc.record({ stringValue: text }) }), { maxLength: 4 }) },
  { weight: 1, arbitrary: deepValue.map((value) => [{ key: 'd', value }]) },
);

// Fields a proto3 encoder (protobufjs's, the official exporters') leaves out when
// empty or zero, written explicitly as another encoder may; protobufjs decodes
// them as unset, and both paths must then read them alike.
const EXPLICIT_EMPTY: Record<string, number[]> = {
  timeUnixNano: [0x09, 0, 0, 0, 0, 0, 0, 0, 0],
  severityNumber: [0x10, 0x00],
  severityText: [0x1a, 0x00],
  traceId: [0x4a, 0x00],
  spanId: [0x52, 0x00],
};

const record = fc.record(
  {
    explicitEmpty: fc.subarray(Object.keys(EXPLICIT_EMPTY)),
    timeUnixNano: nanos,
    observedTimeUnixNano: nanos,
    severityNumber: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 30 })),
    severityText: fc.constantFrom('', 'warn', 'ERROR', 'bogus'),
    body: fc.oneof({ weight: 4, arbitrary: fc.record({ stringValue: text }) }, { weight: 4, arbitrary: anyValue }, { weight: 1, arbitrary: deepValue }),
    attributes,
    traceId: bytes(16),
    spanId: bytes(8),
    eventName: text,
  },
  { requiredKeys: [] },
);

const request = fc.record({
  resourceLogs: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes }, { requiredKeys: [] }),
        scopeLogs: fc.array(
          fc.record(
            {
              scope: fc.record({ name: text, attributes }, { requiredKeys: [] }),
              logRecords: fc.array(record, { maxLength: 4 }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
});

const options = fc.record({
  maxLines: fc.integer({ min: 1, max: 12 }),
  installation: fc.option(fc.constantFrom({ installationId: 'inst-h' }, { siteUrl: 'acme.atlassian.net' }), { nil: undefined }),
});

function outcome(parse: () => unknown) {
  try {
    return { result: parse() };
  } catch (error) {
    return { error: { message: (error as Error).message, status: (error as { status?: number }).status } };
  }
}

const encode = (value: Record<string, unknown>) => {
  const type = otlpMessages.exportRequest;
  return Buffer.from(type.encode(type.fromObject(value)).finish());
};

type Generated = { resourceLogs: { resource?: object; scopeLogs?: { scope?: object; logRecords?: ({ explicitEmpty?: string[] } & Record<string, unknown>)[] }[] }[] };

/** The request field by field, each record's explicit empties before its other fields (a later field wins). */
function encodeWithEmpties(value: Generated): Buffer {
  const type = otlpMessages.exportRequest;
  const [resourceType, scopeType, recordType] = ['Resource', 'InstrumentationScope', 'LogRecord'].map((name) => type.lookupType(name));
  const writer = Writer.create();
  for (const resourceLogs of value.resourceLogs) {
    writer.uint32((1 << 3) | 2).fork();
    if (resourceLogs.resource) resourceType!.encode(resourceType!.fromObject(resourceLogs.resource), writer.uint32((1 << 3) | 2).fork()).ldelim();
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      writer.uint32((2 << 3) | 2).fork();
      if (scopeLogs.scope) scopeType!.encode(scopeType!.fromObject(scopeLogs.scope), writer.uint32((1 << 3) | 2).fork()).ldelim();
      for (const { explicitEmpty = [], ...fields } of scopeLogs.logRecords ?? []) {
        const empties = explicitEmpty.flatMap((field) => EXPLICIT_EMPTY[field]!);
        writer.uint32((2 << 3) | 2).bytes(Buffer.concat([Buffer.from(empties), recordType!.encode(recordType!.fromObject(fields)).finish()]));
      }
      writer.ldelim();
    }
    writer.ldelim();
  }
  return Buffer.from(writer.finish());
}

describe('parseOtlpLogsProtobuf', () => {
  it('gives what the JSON path gives for the same request in OTLP/JSON’s shape', () => {
    let rejections = 0;
    let candidates = 0;
    fc.assert(
      fc.property(request, options, (value, parseOptions: OtlpParseOptions) => {
        const body = encodeWithEmpties(value as Generated);
        const fast = outcome(() => parseOtlpLogsProtobuf(body, parseOptions));
        const viaJson = outcome(() => parseOtlpRequest(decodeOtlpLogsProtobuf(body), { ...parseOptions, mayHoldEscapes: true }));
        expect(fast).toEqual(viaJson);
        if (fast.result) {
          const batch = fast.result as { candidates: unknown[]; rejected: unknown[] };
          candidates += batch.candidates.length;
          rejections += batch.rejected.length;
        }
      }),
      { numRuns: 400 },
    );
    // The generated requests reach both outcomes, not only one.
    expect(candidates).toBeGreaterThan(0);
    expect(rejections).toBeGreaterThan(0);
  });

  // The SDKs' usual requests: scalar values only and every key named, which readOtlpWire reads off the wire.
  const scalarValue = fc.oneof(fc.record({ stringValue: text }), fc.record({ boolValue: fc.boolean() }), fc.record({ intValue: int64 }), fc.record({ doubleValue: fc.double() }), fc.record({ bytesValue: bytes(6) }), fc.constant({}), fc.record({ stringValue: text, intValue: int64 }));
  const scalarAttributes = fc.array(fc.record({ key: fc.oneof(fc.constantFrom(...MAPPED_KEYS, '__proto__', 'toString', 'spanId', 'k'), fc.string({ minLength: 1, maxLength: 12 })), value: scalarValue }, { requiredKeys: ['key'] }), { maxLength: 5 });
  const plainRecord = fc.record(
    {
      explicitEmpty: fc.subarray(Object.keys(EXPLICIT_EMPTY)),
      timeUnixNano: nanos,
      observedTimeUnixNano: nanos,
      severityNumber: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 30 })),
      severityText: fc.constantFrom('', 'warn', 'ERROR', 'bogus'),
      body: scalarValue,
      attributes: scalarAttributes,
      traceId: bytes(16),
      spanId: bytes(8),
      eventName: text,
    },
    { requiredKeys: [] },
  );
  const plainRequest = fc.record({
    resourceLogs: fc.array(
      fc.record(
        {
          resource: fc.record({ attributes: scalarAttributes }, { requiredKeys: [] }),
          scopeLogs: fc.array(fc.record({ scope: fc.record({ name: text, attributes: scalarAttributes }, { requiredKeys: [] }), logRecords: fc.array(plainRecord, { maxLength: 4 }) }, { requiredKeys: [] }), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  });

  it('reads the SDKs’ usual requests off the wire, with what the JSON path gives', () => {
    let read = 0;
    fc.assert(
      fc.property(plainRequest, options, (value, parseOptions: OtlpParseOptions) => {
        const body = encodeWithEmpties(value as Generated);
        if (readOtlpWire(body, () => 0)) read += 1;
        expect(outcome(() => parseOtlpLogsProtobuf(body, parseOptions))).toEqual(outcome(() => parseOtlpRequest(decodeOtlpLogsProtobuf(body), { ...parseOptions, mayHoldEscapes: true })));
      }),
      { numRuns: 400, seed: 1402 },
    );
    // All but the requests holding a lone surrogate (which protobufjs encodes as bytes that are not UTF-8) are read off the wire: 274 of 400 with this seed.
    expect(read).toBeGreaterThan(200);
  });

  it('words a damaged request as protobufjs’s decoder and the JSON path do, byte flips and cuts included', () => {
    const sdkLike = (n: number) => ({
      timeUnixNano: String(1_764_496_800_123_456_789n + BigInt(n)),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `GET /rest/api/3/issue/${n} took ${n * 7} ms` },
      traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
      attributes: [
        { key: 'logshare.installation.id', value: { stringValue: 'inst-1' } },
        { key: 'code.function.name', value: { stringValue: 'resolvers.getIssue' } },
        { key: 'durationMs', value: { intValue: String(n * 7) } },
      ],
    });
    const body = encode({ resourceLogs: [{ resource: { attributes: [{ key: 'service.version', value: { stringValue: '3.4.1' } }] }, scopeLogs: [{ scope: { name: 'app' }, logRecords: [0, 1, 2].map(sdkLike) }] }] });
    expect(readOtlpWire(body, () => 0)?.records).toHaveLength(3);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (at, bit, cut) => {
        const damaged = cut ? body.subarray(0, at) : Buffer.from(body);
        if (!cut) damaged[at] = damaged[at]! ^ (1 << bit);
        expect(outcome(() => parseOtlpLogsProtobuf(damaged, { maxLines: 10 }))).toEqual(outcome(() => parseOtlpRequest(decodeOtlpLogsProtobuf(damaged), { maxLines: 10, mayHoldEscapes: true })));
      }),
      { numRuns: 1500, seed: 1403 },
    );
  });

  it('takes a record whose body and attributes are made of every kind of value, and words a keyless KeyValue as the JSON path does', () => {
    const record = {
      timeUnixNano: '1764496800123456789',
      body: { kvlistValue: { values: [{ key: 'n', value: { intValue: '9007199254740993' } }, { key: 'b', value: { bytesValue: Buffer.from([1, 2, 255]) } }, { key: '__proto__', value: { arrayValue: { values: [{ boolValue: false }, {}] } } }] } },
      attributes: [{ key: 'logshare.site.url', value: { stringValue: 'acme.atlassian.net' } }, { key: 'ratio', value: { doubleValue: 0.25 } }],
      spanId: Buffer.from('00f067aa0ba902b7', 'hex'),
    };
    const keyless = { timeUnixNano: '1764496800123456789', attributes: [{ value: { stringValue: 'v' } }] };
    const { candidates, rejected } = parseOtlpLogsProtobuf(encode({ resourceLogs: [{ scopeLogs: [{ logRecords: [record, keyless] }] }] }), { maxLines: 10 });
    expect(candidates[0]!.fields.message).toBe('{"n":9007199254740992,"b":"AQL/","__proto__":[false,null]}');
    expect(JSON.parse(candidates[0]!.fields.attributesJson!)).toEqual({ ratio: 0.25, spanId: '00f067aa0ba902b7' });
    expect(rejected).toEqual([{ line: 2, error: 'attributes.0.key: Invalid input: expected string, received undefined' }]);
  });

  it('refuses a resource KeyValue without a key, and a body deeper than the bound, with the JSON path’s 400', () => {
    const record = { timeUnixNano: '1764496800123456789', body: { stringValue: 'x' } };
    const keylessResource = encode({ resourceLogs: [{ resource: { attributes: [{ value: { stringValue: 'v' } }] }, scopeLogs: [{ logRecords: [record] }] }] });
    expect(() => parseOtlpLogsProtobuf(keylessResource, { maxLines: 10 })).toThrow(/^Not an OTLP ExportLogsServiceRequest: resourceLogs\.0\.resource\.attributes\.0\.key/);
    let deep: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 23; i++) deep = { arrayValue: { values: [deep] } };
    const deepBody = encode({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ ...record, body: deep }] }] }] });
    expect(() => parseOtlpLogsProtobuf(deepBody, { maxLines: 10 })).toThrow(`The body nests deeper than ${MAX_OTLP_DEPTH} levels`);
  });
});

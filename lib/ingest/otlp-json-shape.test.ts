import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainLogRecord } from '@/lib/ingest/otlp-json-shape';
import { otlpLogRecordSchema } from '@/lib/ingest/parse-otlp-logs';

// The direct checks may only say yes where zod's schema does, and its output must then read as the record itself.

const wrong = fc.constantFrom<unknown>(null, 1.5, -3, 2 ** 60, 'x', '', true, [], {}, [{}], { values: 'no' });
const maybe = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: wrong });

const { anyValue } = fc.letrec<{ anyValue: unknown; keyValue: unknown }>((tie) => ({
  anyValue: fc.record(
    {
      stringValue: maybe(fc.string({ maxLength: 4 })),
      boolValue: maybe(fc.boolean()),
      intValue: maybe(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }))),
      doubleValue: maybe(fc.double()),
      bytesValue: maybe(fc.string({ maxLength: 4 })),
      arrayValue: maybe(fc.record({ values: maybe(fc.array(tie('anyValue'), { maxLength: 2 })) }, { requiredKeys: [] })),
      kvlistValue: maybe(fc.record({ values: maybe(fc.array(tie('keyValue'), { maxLength: 2 })) }, { requiredKeys: [] })),
      other: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  keyValue: fc.record({ key: maybe(fc.constantFrom('k', '__proto__', 'toString', '')), value: maybe(tie('anyValue')) }, { requiredKeys: [] }),
}));

const keyValue = fc.record({ key: maybe(fc.string({ maxLength: 4 })), value: maybe(anyValue) }, { requiredKeys: [] });

const record = fc.record(
  {
    timeUnixNano: maybe(fc.oneof(fc.string({ maxLength: 20 }), fc.double())),
    observedTimeUnixNano: maybe(fc.oneof(fc.string({ maxLength: 20 }), fc.integer())),
    severityNumber: maybe(fc.oneof(fc.integer(), fc.double())),
    severityText: maybe(fc.string({ maxLength: 4 })),
    body: maybe(anyValue),
    attributes: maybe(fc.array(keyValue, { maxLength: 3 })),
    traceId: maybe(fc.string({ maxLength: 4 })),
    spanId: maybe(fc.string({ maxLength: 4 })),
    flags: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

describe('isPlainLogRecord', () => {
  it('says yes only where zod’s schema takes the record, which it then reads as it is', () => {
    fc.assert(
      fc.property(record, (value) => {
        // As JSON.parse would give it: no undefined, no -0, no non-finite numbers.
        const raw = JSON.parse(JSON.stringify(value)) as unknown;
        if (!isPlainLogRecord(raw)) return;
        const parsed = otlpLogRecordSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('is tried on both kinds: the generator makes records it takes and records it refuses (a fixed sample)', () => {
    const verdicts = fc.sample(record, { numRuns: 300, seed: 20261202 }).map((value) => isPlainLogRecord(JSON.parse(JSON.stringify(value))));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(10);
    expect(verdicts.filter((plain) => !plain).length).toBeGreaterThan(0);
  });
});

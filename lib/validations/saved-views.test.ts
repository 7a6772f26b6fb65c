import { describe, expect, it } from 'vitest';
import { createSavedViewSchema, SAVED_VIEW_BOUNDS, savedViewStateSchema } from '@/lib/validations/saved-views';

// The saved view's schema, shared by the Save view dialog and the API: what it takes, fills in and refuses.

const issues = (input: unknown) => {
  const parsed = savedViewStateSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('savedViewStateSchema', () => {
  it('fills in the empty lists and the lines tab, and keeps a relative range relative', () => {
    expect(savedViewStateSchema.parse({ range: { kind: 'relative', last: '7d' } })).toEqual({ range: { kind: 'relative', last: '7d' }, sites: [], levels: [], versions: [], columns: [], tab: 'lines' });
  });

  it('reads instants with an offset as the same instant', () => {
    const { range } = savedViewStateSchema.parse({ range: { kind: 'absolute', from: '2026-12-01T10:00:00+05:30', to: '2026-12-01T10:00:00Z' } });
    expect(range).toEqual({ kind: 'absolute', from: new Date('2026-12-01T04:30:00Z'), to: new Date('2026-12-01T10:00:00Z') });
  });

  it('takes a range of one local day and columns at the bounds', () => {
    const columns = Array.from({ length: SAVED_VIEW_BOUNDS.columns }, (_, i) => `attr.k${i}.a.b.c.d.e.f`);
    expect(issues({ range: { kind: 'days', firstDay: '2026-11-30', lastDay: '2026-11-30' }, columns, q: 'a'.repeat(SAVED_VIEW_BOUNDS.query) })).toEqual([]);
  });

  it.each([
    [{ range: { kind: 'relative', last: 'constructor' } }, 'range.last: last must be one of 15m, 1h, 24h, 7d, 30d'],
    [{ range: { kind: 'days', firstDay: '2026-11-31', lastDay: '2026-12-01' } }, 'range.firstDay: must be a calendar day, YYYY-MM-DD'],
    [{ range: { kind: 'absolute', from: '2026-12-01T10:00:00Z', to: '2026-12-01T10:00:00Z' } }, 'range.to: to must be after from'],
    [{ range: { kind: 'relative', last: '24h' }, columns: ['attr.a', 'attr.a'] }, 'columns: columns repeat'],
    [{ range: { kind: 'relative', last: '24h' }, columns: ['attr.'] }, 'columns.0: a column is an attribute path of 1-8 keys, as in attr.statusCode'],
    [{ range: { kind: 'relative', last: '24h' }, columns: ['attr.a b'] }, 'columns.0: a column is an attribute path of 1-8 keys, as in attr.statusCode'],
    [{ range: { kind: 'relative', last: '24h' }, columns: [`attr.${'k'.repeat(200)}`] }, 'columns.0: a column has at most 200 characters'],
    [{ range: { kind: 'relative', last: '24h' }, levels: ['error', 'error'] }, 'levels: levels repeat'],
    [{ range: { kind: 'relative', last: '24h' }, environment: 'PRODUCTION' }, 'environment: environment must be production, staging or development'],
    [{ range: { kind: 'relative', last: '24h' }, q: 'attr.:1' }, 'q: An attribute needs a name after "attr." and no empty keys, as in attr.user.id:42 (column 1)'],
    [{ range: { kind: 'relative', last: '24h' }, invocationId: ' ' }, 'invocationId: Too small: expected string to have >=1 characters'],
    [{ range: { kind: 'relative', last: '24h' }, extra: 1 }, ': Unrecognized key: "extra"'],
  ])('refuses %j', (input, message) => {
    expect(issues(input)).toEqual([message]);
  });

  it('bounds the name and trims it', () => {
    const view = { range: { kind: 'relative', last: '24h' } };
    expect(createSavedViewSchema.parse({ name: '  Errors  ', view }).name).toBe('Errors');
    expect(createSavedViewSchema.safeParse({ name: 'n'.repeat(SAVED_VIEW_BOUNDS.name), view }).success).toBe(true);
    expect(createSavedViewSchema.safeParse({ name: 'n'.repeat(SAVED_VIEW_BOUNDS.name + 1), view }).success).toBe(false);
    expect(createSavedViewSchema.safeParse({ name: '\ud800', view }).success).toBe(false);
  });
});

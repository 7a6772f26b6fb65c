import { describe, expect, it } from 'vitest';
import { apiQueryFor, filtersFromParams, filtersToParams } from '@/components/lib/viewer-query';

describe('console viewer filters in the URL', () => {
  it('round-trips through the URL', () => {
    const params = new URLSearchParams('range=7d&site=acme.atlassian.net,acme-eu.atlassian.net&environment=production&level=error,warn&q=timeout');
    const filters = filtersFromParams(params);
    expect(filters).toMatchObject({ range: '7d', sites: ['acme.atlassian.net', 'acme-eu.atlassian.net'], levels: ['error', 'warn'], q: 'timeout' });
    expect(filtersToParams(filters).toString()).toBe(params.toString());
  });

  it('keeps the chosen attribute columns in the page URL, never in the API query', () => {
    const filters = filtersFromParams(new URLSearchParams('q=timeout&cols=attr.statusCode,attr.user.id,not-a-column'));
    expect(filters.columns).toEqual(['attr.statusCode', 'attr.user.id']);
    expect(filtersToParams(filters).get('cols')).toBe('attr.statusCode,attr.user.id');
    const query = apiQueryFor(filters, 'UTC');
    expect(query.has('cols')).toBe(false);
    expect(query.get('q')).toBe('timeout');
  });

  it('falls back to the last 24 hours for an unknown range', () => {
    expect(filtersFromParams(new URLSearchParams('range=forever')).range).toBe('24h');
    // Names of Object.prototype members are not presets either.
    for (const range of ['constructor', 'toString', '__proto__']) expect(filtersFromParams(new URLSearchParams({ range })).range).toBe('24h');
    // Custom days that are not calendar days would make no range at all.
    for (const [firstDay, lastDay] of [['2026-02-30', '2026-03-01'], ['garbage', '2026-03-01'], ['2026-03-01', ''], ['0000-01-01', '2026-03-01']] as [string, string][]) {
      expect(filtersFromParams(new URLSearchParams({ range: 'custom', firstDay, lastDay }))).toMatchObject({ range: '24h', firstDay: undefined, lastDay: undefined });
    }
    expect(filtersFromParams(new URLSearchParams({ range: 'custom', firstDay: '2026-02-28', lastDay: '2026-03-01' }))).toMatchObject({ range: 'custom', firstDay: '2026-02-28' });
  });

  it('resolves presets against now and custom days in the person’s zone', () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    const preset = apiQueryFor(filtersFromParams(new URLSearchParams('range=1h')), 'UTC', now);
    expect(preset.get('from')).toBe('2026-11-25T11:00:00.000Z');
    expect(preset.get('to')).toBe('2026-11-25T12:00:00.000Z');
    expect(preset.has('range')).toBe(false);
    const custom = apiQueryFor(filtersFromParams(new URLSearchParams('range=custom&firstDay=2026-11-20&lastDay=2026-11-21')), 'Asia/Kathmandu', now);
    expect(custom.get('from')).toBe('2026-11-19T18:15:00.000Z');
    expect(custom.get('to')).toBe('2026-11-21T18:15:00.000Z');
    expect(custom.has('firstDay')).toBe(false);
  });

  it('carries a range chosen on the chart as two UTC instants', () => {
    const params = new URLSearchParams('range=absolute&from=2026-11-24T10:00:00.000Z&to=2026-11-24T13:00:00.000Z&level=error');
    const filters = filtersFromParams(params);
    expect(filters).toMatchObject({ range: 'absolute', from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T13:00:00.000Z' });
    expect(filtersToParams(filters).toString()).toBe(params.toString());
    const query = apiQueryFor(filters, 'Asia/Kathmandu', new Date('2026-11-30T00:00:00Z'));
    expect([query.get('from'), query.get('to'), query.has('range')]).toEqual(['2026-11-24T10:00:00.000Z', '2026-11-24T13:00:00.000Z', false]);
    for (const bad of ['from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z', 'from=yesterday&to=2026-11-24T09:00:00Z', 'from=2026-11-24T10:00:00%2B01:00&to=2026-11-24T13:00:00Z']) {
      expect(filtersFromParams(new URLSearchParams(`range=absolute&${bad}`))).toMatchObject({ range: '24h', from: undefined, to: undefined });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { describeRange, describeView, paramsOfView, viewOfParams } from '@/components/lib/saved-view-params';
import { savedViewStateSchema } from '@/lib/validations/saved-views';

// Saving reads the page URL into a view; opening a view makes the URL again: the same page either way.

describe('saved view and page URL', () => {
  it.each([
    'range=7d&level=error,warn&q=timeout+db&cols=attr.statusCode,attr.user.id',
    'range=custom&firstDay=2026-11-20&lastDay=2026-11-22&site=acme.atlassian.net&environment=production&tab=patterns',
    'range=absolute&from=2026-12-01T09%3A00%3A00.000Z&to=2026-12-01T12%3A00%3A00.000Z&version=2.1.0&invocationId=inv-1',
    '',
  ])('round-trips ?%s', (query) => {
    const view = viewOfParams(new URLSearchParams(query));
    expect(savedViewStateSchema.safeParse(view).success).toBe(true);
    const sorted = (params: URLSearchParams) => [...params].sort(([a], [b]) => a.localeCompare(b));
    expect(sorted(paramsOfView(view))).toEqual(sorted(new URLSearchParams(query)));
  });

  it('keeps a preset relative, and a range chosen on the chart as its instants, as the viewer reads the URL', () => {
    expect(viewOfParams(new URLSearchParams('range=1h')).range).toEqual({ kind: 'relative', last: '1h' });
    expect(viewOfParams(new URLSearchParams('range=absolute&from=2026-12-01T09:00:00.000Z&to=2026-12-01T10:00:00.000Z')).range).toEqual({
      kind: 'absolute',
      from: '2026-12-01T09:00:00.000Z',
      to: '2026-12-01T10:00:00.000Z',
    });
    // Instants without range=absolute, or not in UTC, are not the viewer's range: neither is the view's.
    expect(viewOfParams(new URLSearchParams('range=1h&from=2026-12-01T09:00:00Z&to=2026-12-01T10:00:00Z')).range).toEqual({ kind: 'relative', last: '1h' });
    expect(viewOfParams(new URLSearchParams('range=absolute&from=2026-12-01T09:00:00&to=2026-12-01T10:00:00Z')).range).toEqual({ kind: 'relative', last: '24h' });
  });

  it('describes each kind of range', () => {
    expect(describeRange({ kind: 'relative', last: '24h' })).toBe('Last 24 hours');
    expect(describeRange({ kind: 'days', firstDay: '2026-11-20', lastDay: '2026-11-22' })).toBe('2026-11-20 – 2026-11-22');
    expect(describeRange({ kind: 'absolute', from: '2026-12-01T09:00:00Z', to: '2026-12-01T10:30:00Z' })).toBe('2026-12-01 09:00 – 2026-12-01 10:30 UTC');
  });

  it('describes a view in a line', () => {
    const view = viewOfParams(new URLSearchParams('range=7d&level=error,warn&q=-healthcheck&cols=attr.statusCode&tab=patterns'));
    expect(describeView(view)).toBe('Last 7 days, “-healthcheck”, level error or warn, 1 column, Patterns');
  });
});

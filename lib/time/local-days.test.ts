import { describe, expect, it } from 'vitest';
import { addDays, endOfLocalDay, localDaysToUtcRange, localToday, startOfLocalDay } from '@/lib/time/local-days';

const hours = (range: { from: Date; to: Date }) => (range.to.getTime() - range.from.getTime()) / 3_600_000;

describe('local calendar days as UTC instants', () => {
  it('takes a whole day in an ordinary zone', () => {
    const range = localDaysToUtcRange('2026-11-24', '2026-11-24', 'Europe/Berlin');
    expect(range.from.toISOString()).toBe('2026-11-23T23:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });

  it('gives the spring-forward day 23 hours and the fall-back day 25', () => {
    const spring = localDaysToUtcRange('2026-03-08', '2026-03-08', 'America/New_York');
    expect(spring.from.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(spring.to.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(hours(spring)).toBe(23);
    const fall = localDaysToUtcRange('2026-10-25', '2026-10-25', 'Europe/London');
    expect(fall.from.toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(hours(fall)).toBe(25);
  });

  it('handles half-hour and 45-minute offsets, and a half-hour daylight saving shift', () => {
    expect(startOfLocalDay('2026-11-24', 'Asia/Kolkata').toISOString()).toBe('2026-11-23T18:30:00.000Z');
    expect(startOfLocalDay('2026-11-24', 'Asia/Kathmandu').toISOString()).toBe('2026-11-23T18:15:00.000Z');
    expect(startOfLocalDay('2026-11-24', 'Pacific/Chatham').toISOString()).toBe('2026-11-23T10:15:00.000Z');
    // Lord Howe Island moves its clocks by 30 minutes (first Sunday of October 2026).
    expect(hours(localDaysToUtcRange('2026-10-04', '2026-10-04', 'Australia/Lord_Howe'))).toBe(23.5);
  });

  it('spans several days half-open, including a change of offset inside the range', () => {
    const range = localDaysToUtcRange('2026-03-27', '2026-03-30', 'Europe/Berlin');
    expect(range.from.toISOString()).toBe('2026-03-26T23:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-03-30T22:00:00.000Z');
    expect(hours(range)).toBe(4 * 24 - 1);
  });

  it('crosses month and year ends', () => {
    expect(endOfLocalDay('2026-12-31', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('knows what day it is in a zone', () => {
    const instant = new Date('2026-11-24T20:00:00.000Z');
    expect(localToday('Pacific/Auckland', instant)).toBe('2026-11-25');
    expect(localToday('America/Los_Angeles', instant)).toBe('2026-11-24');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => startOfLocalDay('24/11/2026', 'UTC')).toThrow(RangeError);
  });
});

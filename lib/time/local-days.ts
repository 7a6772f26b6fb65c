import { TZDate } from '@date-fns/tz';

// Calendar days chosen in a person's own time zone, turned into UTC instants.
// The zone rules come from the platform's IANA data through @date-fns/tz, so
// days of 23 or 25 hours and zones at :30 or :45 offsets come out right.

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(day: string): [number, number, number] {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

/** Whether `day` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(day: string | undefined): day is string {
  const match = day === undefined ? null : DAY_PATTERN.exec(day);
  if (!match) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const utc = new Date(Date.UTC(year, month, date));
  return year >= 1 && utc.getUTCFullYear() === year && utc.getUTCMonth() === month && utc.getUTCDate() === date;
}

/** The first instant of a calendar day in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [year, month, date] = parseDay(day);
  return new Date(new TZDate(year, month, date, timeZone).getTime());
}

/** The first instant after a calendar day in a time zone (the start of the next day). */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const [year, month, date] = parseDay(day);
  return new Date(new TZDate(year, month, date + 1, timeZone).getTime());
}

/** A range of whole local days as a half-open UTC range [from, to). */
export function localDaysToUtcRange(firstDay: string, lastDay: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(firstDay, timeZone), to: endOfLocalDay(lastDay, timeZone) };
}

/** Today's calendar day (YYYY-MM-DD) in a time zone. */
export function localToday(timeZone: string, now = new Date()): string {
  const local = new TZDate(now.getTime(), timeZone);
  return [local.getFullYear(), local.getMonth() + 1, local.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

/** The calendar day `days` after `day` (negative for before). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = parseDay(day);
  const shifted = new Date(Date.UTC(year, month, date + days));
  return shifted.toISOString().slice(0, 10);
}

/** The browser's (or server's) own IANA time zone. */
export function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

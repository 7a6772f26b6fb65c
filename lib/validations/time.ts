import { z } from 'zod';

/** An ISO-8601 instant that says its offset (`Z` or `+05:45`); a local time is ambiguous and refused. */
export const isoInstantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with an offset or Z, e.g. 2026-11-24T13:05:00Z' })
  .transform((value) => new Date(value));

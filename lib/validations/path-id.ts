import { AppError } from '@/lib/errors';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An id from the URL path; one that cannot exist is a 404 like any unknown id. */
export function pathId(value: string, what: string): string {
  if (!ID.test(value)) throw new AppError('not_found', `No such ${what}.`);
  return value;
}

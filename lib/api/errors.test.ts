import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '@/lib/api/errors';
import { AppError } from '@/lib/errors';
import { searchQuerySchema } from '@/lib/validations/logs';

// The one mapper carries where an input went wrong, when the error knows it.

describe('errorResponse', () => {
  it("answers an AppError's details beside its code and message", async () => {
    const response = errorResponse(new AppError('bad_request', 'q: no (column 3)', undefined, { details: { field: 'q', column: 3, length: 2 } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'q: no (column 3)', details: { field: 'q', column: 3, length: 2 } } });
  });

  it('answers without details when there are none', async () => {
    expect(await errorResponse(new AppError('not_found', 'No such app.')).json()).toEqual({ error: { code: 'not_found', message: 'No such app.' } });
    const plain = z.strictObject({ limit: z.number() }).safeParse({ limit: 'x' });
    expect(await errorResponse(plain.error).json()).not.toHaveProperty('error.details');
  });

  it("answers a search query's parse error with the parameter and the column", async () => {
    const parsed = z.strictObject({ q: searchQuerySchema }).safeParse({ q: 'ok "open' });
    const body = (await errorResponse(parsed.error).json()) as { error: { message: string; details: unknown } };
    expect(body.error.message).toBe('q: This quote is never closed; end the phrase with " (column 4)');
    expect(body.error.details).toEqual({ field: 'q', column: 4, length: 1 });
  });
});

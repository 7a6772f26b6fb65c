import type { z } from 'zod';

// How a failed parse reads in an answer, a rejected line or a start-up error:
// each issue as `path: message` (the message alone at the root), joined by '; '.
export function describeZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

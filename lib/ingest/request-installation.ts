import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { InstallationDefault } from '@/lib/validations/ingest';
import { idSchema } from '@/lib/validations/installation';

// The installation a request names once for all its lines, so no client has
// to repeat it on each: a Logshare-Installation header (gRPC metadata of the
// same name) or an installationId / siteUrl query parameter. A line's own
// field wins.

export const INSTALLATION_HEADER = 'logshare-installation';

const siteUrlSchema = z.string().trim().toLowerCase().min(1).max(255);

function one(name: string, values: string[], schema: z.ZodType<string>, what: string): string | undefined {
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new AppError('bad_request', `${name} was given ${values.length} times; give it once.`);
  const parsed = schema.safeParse(values[0]);
  if (!parsed.success) throw new AppError('bad_request', `${name} must be ${what}.`);
  return parsed.data;
}

const idWhat = 'an installation id (1-64 letters, digits, _ or -)';

/** The request's installation, or null when it names none; a malformed or contradictory one is a 400. */
export function installationOfRequest(request: Request): InstallationDefault | null {
  const query = new URL(request.url).searchParams;
  const header = request.headers.get(INSTALLATION_HEADER);
  const fromHeader = one('The Logshare-Installation header', header === null ? [] : [header.trim()], idSchema, idWhat);
  const fromQuery = one('The installationId query parameter', query.getAll('installationId'), idSchema, idWhat);
  const siteUrl = one('The siteUrl query parameter', query.getAll('siteUrl'), siteUrlSchema, '1-255 characters');
  if (fromHeader && fromQuery && fromHeader !== fromQuery) {
    throw new AppError('bad_request', 'The Logshare-Installation header and the installationId query parameter name different installations; give one.');
  }
  const installationId = fromHeader ?? fromQuery;
  if (installationId === undefined && siteUrl === undefined) return null;
  return { ...(installationId !== undefined && { installationId }), ...(siteUrl !== undefined && { siteUrl }) };
}

/** The installation named by gRPC metadata (every value given for the key), or null. */
export function installationOfMetadata(values: string[]): InstallationDefault | null {
  const installationId = one('The logshare-installation metadata', values.map((v) => v.trim()), idSchema, idWhat);
  return installationId === undefined ? null : { installationId };
}

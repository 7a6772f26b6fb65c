import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// Any path under /api that no route serves (an empty or mistyped id
// included) answers like every API error, JSON with a code, not Next's HTML page.
const notFound = apiRoute<{ unknown: string[] }>(async (request) => {
  throw new AppError('not_found', `No API route at ${new URL(request.url).pathname}.`);
});

export { notFound as DELETE, notFound as GET, notFound as HEAD, notFound as OPTIONS, notFound as PATCH, notFound as POST, notFound as PUT };

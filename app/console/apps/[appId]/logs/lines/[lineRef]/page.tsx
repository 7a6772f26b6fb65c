import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { LineContextView } from '@/components/line-context';
import { ViewerRoleNotice } from '@/components/viewer-role-notice';
import { PageTitle } from '@/components/page-title';
import { requestMetaOf } from '@/lib/api/route';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { canReadLogsAsVendor, vendorMembershipOf } from '@/lib/auth/permissions';
import { findAppLogSources } from '@/lib/console/find-app-log-sources';
import { readLineContext } from '@/lib/console/read-line-context';
import { AppError } from '@/lib/errors';
import { decodeLineRef } from '@/lib/logs/line-ref';

export const metadata: Metadata = { title: 'Log line' };

/**
 * The permalink of one line: the line among its surrounding lines, read (and
 * recorded for its site) as the page renders, so a line whose site no longer
 * shares, or that is gone, is a 404 page and not an empty one.
 */
export default async function LogLinePage(props: { params: Promise<{ appId: string; lineRef: string }> }) {
  const { appId, lineRef } = await props.params;
  const viewer = await requirePageVendorMember();
  const ref = decodeLineRef(lineRef);
  if (!ref) notFound();
  const sources = await findAppLogSources({ appId }).catch(notFoundOnAppError);
  const membership = vendorMembershipOf(viewer, sources.app.vendorId);
  if (!membership) notFound();
  if (!canReadLogsAsVendor(membership)) {
    return (
      <>
        <PageTitle>Log line</PageTitle>
        <ViewerRoleNotice />
      </>
    );
  }
  const context = await readLineContext({ viewer, sources, ref, query: { before: 25, after: 25 }, meta: requestMetaOf(await headers()) }).catch(notFoundOnAppError);
  return (
    <>
      <p className="muted">
        <Link href={`/console/apps/${appId}`}>{sources.app.name}</Link> / <Link href={`/console/apps/${appId}/logs`}>Logs</Link> / Line
      </p>
      <PageTitle>{sources.app.name}: a log line and its surroundings</PageTitle>
      <p className="page-intro">The marked line with the lines just before and after it on the same site. Times are UTC. Each read is recorded in the site&apos;s audit log.</p>
      <LineContextView appId={appId} lineRef={context.anchor} initial={context} showAnchorDetails />
    </>
  );
}

function notFoundOnAppError(error: unknown): never {
  if (error instanceof AppError && error.code === 'not_found') notFound();
  throw error;
}

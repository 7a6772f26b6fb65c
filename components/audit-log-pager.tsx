'use client';

import { LinkButton } from '@atlaskit/button/new';
import { usePathname, useSearchParams } from 'next/navigation';

/** Keyset paging: on to older entries with the page's cursor, or back to the newest; the browser's Back returns to newer pages. */
export function AuditLogPager(props: { nextCursor: string | null; isFirstPage: boolean; shown: number }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const withCursor = (cursor: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (cursor) next.set('cursor', cursor);
    else next.delete('cursor');
    return next.size ? `${pathname}?${next}` : pathname;
  };
  if (props.isFirstPage && !props.nextCursor) return null;
  return (
    <nav aria-label="Audit log pages" className="audit-pager">
      {!props.isFirstPage && (
        <LinkButton href={withCursor(null)} testId="audit-newest">
          Newest entries
        </LinkButton>
      )}
      <span className="audit-pager-count">{props.shown} entries on this page</span>
      {props.nextCursor && (
        <LinkButton href={withCursor(props.nextCursor)} appearance="primary" testId="audit-older">
          Older entries
        </LinkButton>
      )}
    </nav>
  );
}

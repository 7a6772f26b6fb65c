'use client';

import { LinkButton } from '@atlaskit/button/new';

export function LinkToLogs(props: { href: string }) {
  return (
    <LinkButton href={props.href} appearance="primary" testId="view-logs">
      View logs
    </LinkButton>
  );
}

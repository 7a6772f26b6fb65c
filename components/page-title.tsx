'use client';

import Heading from '@atlaskit/heading';
import type { ReactNode } from 'react';

/** A page's title row, with room for actions on the right. Atlaskit's Heading needs a client component. */
export function PageTitle(props: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <Heading size="large" as="h1">
        {props.children}
      </Heading>
      {props.actions}
    </div>
  );
}

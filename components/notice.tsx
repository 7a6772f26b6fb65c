'use client';

import SectionMessage from '@atlaskit/section-message';
import type { ComponentProps, ReactNode } from 'react';

/** Atlaskit's section message for server pages, which cannot render Atlaskit themselves. */
export function Notice(props: { title?: string; appearance?: ComponentProps<typeof SectionMessage>['appearance']; testId?: string; children: ReactNode }) {
  return (
    <SectionMessage title={props.title} appearance={props.appearance} testId={props.testId}>
      {props.children}
    </SectionMessage>
  );
}

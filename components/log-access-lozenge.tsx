'use client';

import Lozenge from '@atlaskit/lozenge';
import { formatUtcDate } from '@/lib/format';
import type { LogAccessState } from '@/lib/installations/log-access-state';

export function logAccessText(state: LogAccessState): string {
  switch (state.kind) {
    case 'shared':
      return `${state.until ? `Shared until ${formatUtcDate(state.until)}` : 'Shared'}${state.scope ? ' (scoped)' : ''}`;
    case 'not-shared':
      return 'Not shared';
    case 'not-available':
      return 'Not available for free apps';
  }
}

export function LogAccessLozenge(props: { state: LogAccessState }) {
  const appearance = props.state.kind === 'shared' ? 'success' : 'default';
  return <Lozenge appearance={appearance}>{logAccessText(props.state)}</Lozenge>;
}

export function PaidLozenge(props: { isPaid: boolean }) {
  return <Lozenge appearance={props.isPaid ? 'new' : 'default'}>{props.isPaid ? 'Paid' : 'Free'}</Lozenge>;
}

'use client';

import Lozenge, { type ThemeAppearance } from '@atlaskit/lozenge';
import type { ApiAccessRequestStatus } from '@/lib/validations/access-requests';

const looks: Record<ApiAccessRequestStatus, { text: string; appearance: ThemeAppearance }> = {
  pending: { text: 'Access requested', appearance: 'inprogress' },
  approved: { text: 'Request approved', appearance: 'success' },
  declined: { text: 'Request declined', appearance: 'removed' },
  withdrawn: { text: 'Request withdrawn', appearance: 'default' },
};

export function AccessRequestLozenge(props: { status: ApiAccessRequestStatus }) {
  const look = looks[props.status];
  return (
    <Lozenge appearance={look.appearance} testId="access-request-status">
      {look.text}
    </Lozenge>
  );
}

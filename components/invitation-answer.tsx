'use client';

import Button from '@atlaskit/button/new';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/lib/call-api';

/** Accept or decline on the invitation page; the link's secret goes in the body, with the session. */
export function InvitationAnswer(props: { token: string; vendorName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'declined' } | { kind: 'error'; message: string } | null>(null);

  async function answer(kind: 'accept' | 'decline') {
    setBusy(kind);
    try {
      await callApi(`/api/v1/vendor-invitations/${kind}`, { method: 'POST', body: { token: props.token } });
      if (kind === 'accept') {
        router.push('/console/members');
        router.refresh();
        return;
      }
      setOutcome({ kind: 'declined' });
    } catch (e) {
      setOutcome({ kind: 'error', message: e instanceof Error ? e.message : 'That did not work.' });
    }
    setBusy(null);
  }

  if (outcome?.kind === 'declined') return <p data-testid="invitation-declined">You declined the invitation to join {props.vendorName}.</p>;
  return (
    <>
      {outcome?.kind === 'error' && (
        <p className="field-error" role="alert" data-testid="invitation-error">
          {outcome.message}
        </p>
      )}
      <div className="invitation-actions">
        <Button appearance="primary" onClick={() => void answer('accept')} isLoading={busy === 'accept'} isDisabled={busy !== null} testId="accept-invitation">
          Accept and join {props.vendorName}
        </Button>
        <Button appearance="subtle" onClick={() => void answer('decline')} isLoading={busy === 'decline'} isDisabled={busy !== null} testId="decline-invitation">
          Decline
        </Button>
      </div>
    </>
  );
}

'use client';

import { useFlags } from '@atlaskit/flag';
import SectionMessage from '@atlaskit/section-message';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { callApi } from '@/components/lib/call-api';

// What the API-token and ingest-token screens share: create (the secret is
// kept to show once), revoke after a confirmation, flags for both, and the
// "copy it now" message.

export function useTokenActions(options: {
  createUrl: string;
  revokeUrl: (id: string) => string;
  revokedTitle: string;
  /** What stops working, said in the confirmation. */
  revokeWarning: string;
  flagTestId: string;
}) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);

  /** True when the token was created. */
  async function create(body: unknown): Promise<boolean> {
    setBusy(true);
    try {
      const created = await callApi<{ secret: string }>(options.createUrl, { method: 'POST', body });
      setSecret(created.secret);
      router.refresh();
      return true;
    } catch (e) {
      showFlag({ appearance: 'error', title: 'The token was not created', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    try {
      await callApi(options.revokeUrl(id), { method: 'DELETE' });
      showFlag({ appearance: 'success', title: options.revokedTitle, isAutoDismiss: true, testId: options.flagTestId });
      router.refresh();
    } catch (e) {
      showFlag({ appearance: 'error', title: 'The token was not revoked', description: e instanceof Error ? e.message : '', isAutoDismiss: true });
    }
  }

  // What a token's Revoke button opens; the token stops working only once this is confirmed.
  const revokeDialog = (
    <ConfirmModal
      isOpen={revoking !== null}
      title={`Revoke the token “${revoking?.name ?? ''}”?`}
      confirmLabel="Revoke"
      onCancel={() => setRevoking(null)}
      onConfirm={async () => {
        if (revoking) await revoke(revoking.id);
        setRevoking(null);
      }}
      testId="revoke-token-dialog"
    >
      <p>{options.revokeWarning}</p>
    </ConfirmModal>
  );

  return { secret, busy, create, askToRevoke: setRevoking, revokeDialog };
}

export function NewTokenSecret(props: { title: string; secret: string; testId: string }) {
  return (
    <SectionMessage appearance="success" title={props.title} testId={props.testId}>
      <p>It will not be shown again.</p>
      <p>
        <code data-testid={`${props.testId}-secret`}>{props.secret}</code>
      </p>
    </SectionMessage>
  );
}

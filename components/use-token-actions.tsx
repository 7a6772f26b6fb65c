'use client';

import { useFlags } from '@atlaskit/flag';
import SectionMessage from '@atlaskit/section-message';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/lib/call-api';

// What the API-token and ingest-token screens share: create (the secret is
// kept to show once), revoke, flags for both, and the "copy it now" message.

export function useTokenActions(options: { createUrl: string; revokeUrl: (id: string) => string; revokedTitle: string; flagTestId: string }) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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

  return { secret, busy, create, revoke };
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

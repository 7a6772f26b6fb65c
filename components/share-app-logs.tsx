'use client';

import Button from '@atlaskit/button/new';
import { useFlags } from '@atlaskit/flag';
import SectionMessage from '@atlaskit/section-message';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DisableLogAccessModal, EnableLogAccessModal } from '@/components/log-access-modals';
import { callApi } from '@/components/lib/call-api';
import { formatUtcDateTime } from '@/lib/format';
import type { ApiLogAccess } from '@/lib/installations/log-access-state';
import type { GrantHistoryEntry } from '@/lib/log-access/get-log-access';
import { grantScopeSentence, type GrantScope } from '@/lib/validations/grant-scope';

type Props = {
  installationId: string;
  appName: string;
  vendorName: string;
  siteUrl: string;
  isPaid: boolean;
  logAccess: ApiLogAccess;
  openGrant: GrantHistoryEntry | null;
  /** The organization's default scope for new grants. */
  defaultScope: GrantScope | null;
};

/** The "Share your app logs" section of the app details page. */
export function ShareAppLogs(props: Props) {
  const router = useRouter();
  const { showFlag } = useFlags();
  const [modal, setModal] = useState<'enable' | 'disable' | null>(null);
  const [busy, setBusy] = useState(false);

  if (!props.isPaid) {
    return (
      <SectionMessage title="Not available for free apps" testId="free-app-message">
        <p>
          Sharing logs with the vendor is only available for paid apps, and {props.appName} is free. To help {props.vendorName} with a
          problem, contact them directly.
        </p>
      </SectionMessage>
    );
  }

  async function change(enabled: boolean, expiresAt: string | null, scope: GrantScope | null = null) {
    setBusy(true);
    try {
      await callApi(`/api/v1/installations/${props.installationId}/log-access`, {
        method: 'PUT',
        body: enabled ? { enabled, expiresAt, scope } : { enabled },
      });
      setModal(null);
      showFlag({
        appearance: 'success',
        title: enabled ? 'Log access enabled' : 'Log access disabled',
        description: enabled
          ? `${props.vendorName} can now read ${props.appName}'s logs for ${props.siteUrl} in their developer console.`
          : `${props.vendorName} can no longer read ${props.appName}'s logs for ${props.siteUrl}.`,
        isAutoDismiss: true,
        testId: 'log-access-flag',
      });
      router.refresh();
    } catch (error) {
      showFlag({
        appearance: 'error',
        title: enabled ? 'Log access was not enabled' : 'Log access was not disabled',
        description: error instanceof Error ? error.message : 'Try again.',
        isAutoDismiss: true,
        testId: 'log-access-error-flag',
      });
    } finally {
      setBusy(false);
    }
  }

  const shared = props.logAccess.state === 'shared' ? props.logAccess : null;
  return (
    <>
      <p>
        Enabling log access lets {props.vendorName} read the logs that {props.appName} writes on {props.siteUrl}, in their
        developer console, until you disable it. This helps them find and fix problems with the app faster.
      </p>
      <ul>
        <li>They see each log line&apos;s time, level and message, and details such as invocation ID, trace ID, module, function and app version.</li>
        <li>Logs may contain personal data of your users, such as names, e-mail or IP addresses, that the app wrote into them.</li>
        <li>You can disable access at any time; it stops at once. Every read by the vendor is recorded in the audit log.</li>
      </ul>
      <div className="share-state" data-testid="log-access-state">
        {shared ? (
          <>
            <strong>Log access is enabled.</strong>
            <span>
              Shared since {formatUtcDateTime(shared.since)}
              {props.openGrant?.enabledBy ? ` by ${props.openGrant.enabledBy}` : ''}.
            </span>
            <span>{shared.until ? `Access ends ${formatUtcDateTime(shared.until)}.` : 'Access has no end date.'}</span>
            <span data-testid="log-access-scope">{grantScopeSentence(shared.scope)}.</span>
            <Button appearance="default" onClick={() => setModal('disable')} testId="disable-log-access">
              Disable log access
            </Button>
          </>
        ) : (
          <>
            <span>Log access is not enabled: {props.vendorName} cannot read these logs.</span>
            <Button appearance="primary" onClick={() => setModal('enable')} testId="enable-log-access">
              Enable log access
            </Button>
          </>
        )}
      </div>
      <EnableLogAccessModal
        isOpen={modal === 'enable'}
        installationId={props.installationId}
        defaultScope={props.defaultScope}
        busy={busy}
        appName={props.appName}
        vendorName={props.vendorName}
        siteUrl={props.siteUrl}
        onCancel={() => setModal(null)}
        onEnable={(expiresAt, scope) => void change(true, expiresAt, scope)}
      />
      <DisableLogAccessModal
        isOpen={modal === 'disable'}
        busy={busy}
        appName={props.appName}
        vendorName={props.vendorName}
        onCancel={() => setModal(null)}
        onDisable={() => void change(false, null)}
      />
    </>
  );
}

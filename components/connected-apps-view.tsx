'use client';

import { ModalTransition } from '@atlaskit/modal-dialog';
import { useState } from 'react';
import { ConnectedAppsTable } from '@/components/connected-apps-table';
import { DownloadLogsModal } from '@/components/download-logs-modal';
import type { SiteInstallation } from '@/lib/installations/list-site-installations';

/** The Connected apps table with its Download logs modal. */
export function ConnectedAppsView(props: { installations: SiteInstallation[]; siteUrl: string; retentionDays: number }) {
  const [downloading, setDownloading] = useState<SiteInstallation | null>(null);
  return (
    <>
      <ConnectedAppsTable installations={props.installations} siteUrl={props.siteUrl} onDownloadLogs={setDownloading} />
      <ModalTransition>
        {downloading && (
          <DownloadLogsModal installation={downloading} siteUrl={props.siteUrl} retentionDays={props.retentionDays} onClose={() => setDownloading(null)} />
        )}
      </ModalTransition>
    </>
  );
}

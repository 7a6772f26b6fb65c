'use client';

import SectionMessage from '@atlaskit/section-message';
import Link from 'next/link';
import type { NotSharedSite } from '@/lib/console/find-app-log-sources';

/** Which sites do not share their logs, and how to ask them. */
export function NotSharedSites(props: { appId: string; sites: NotSharedSite[]; isPaid: boolean }) {
  if (props.sites.length === 0) return null;
  if (!props.isPaid) {
    return (
      <SectionMessage title="Logs are only shared for paid apps" testId="not-shared-sites">
        <p>This app is free, so sites cannot share its logs with you. Ask a customer to download logs and send them to you instead.</p>
      </SectionMessage>
    );
  }
  return (
    <SectionMessage title={`${props.sites.length} installation${props.sites.length === 1 ? ' does' : 's do'} not share logs`} testId="not-shared-sites">
      <p>
        Their lines are not shown. Ask the site&apos;s admin to enable log access (Admin Hub → Connected apps → ••• → View app
        details → Share your app logs), or <Link href={`/console/apps/${props.appId}`}>request access</Link> from the app page.
      </p>
      <ul>
        {props.sites.map((s) => (
          <li key={s.installationId}>
            {s.siteUrl} ({s.environment.toLowerCase()})
            {s.technicalContactEmail ? (
              <>
                {' '}
                — contact <a href={`mailto:${s.technicalContactEmail}`}>{s.technicalContactEmail}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </SectionMessage>
  );
}

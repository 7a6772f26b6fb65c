'use client';

import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';

/** On Connected apps while vendors wait for an answer. */
export function AccessRequestsBanner(props: { count: number; siteUrl: string }) {
  const title = props.count === 1 ? "1 vendor asks for access to their app's logs" : `${props.count} vendors ask for access to their app's logs`;
  return (
    <div className="banner">
      <SectionMessage
        appearance="discovery"
        title={title}
        testId="access-requests-banner"
        actions={<SectionMessageAction href={`/admin/${props.siteUrl}/requests`}>Review access requests</SectionMessageAction>}
      >
        <p>Nothing is shared until you approve. You can set an end date when you do.</p>
      </SectionMessage>
    </div>
  );
}

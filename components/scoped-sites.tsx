'use client';

import SectionMessage from '@atlaskit/section-message';

/** A sharing site and, when it shares with a scope, the scope in words (describeGrantScope, on the server: the schemas' module stays out of the page's scripts). */
export type ScopedSite = { installationId: string; site: string; environment: string; scope: string[] | null };

/** The vendor's side of a scoped grant: which sharing sites share only part of their lines, and which part. */
export function ScopedSites(props: { sites: ScopedSite[] }) {
  const scoped = props.sites.filter((s) => s.scope);
  if (scoped.length === 0) return null;
  return (
    <div className="scoped-sites">
    <SectionMessage
      appearance="information"
      title={`${scoped.length} site${scoped.length === 1 ? ' shares' : 's share'} with a scope`}
      testId="scoped-sites"
    >
      <p>You see only the lines these sites chose to share; the rest of their lines exist but are not shown, counted or exported.</p>
      <ul>
        {scoped.map((s) => (
          <li key={s.installationId} data-testid="scoped-site">
            {s.site} ({s.environment}): {s.scope?.join('; ')}
          </li>
        ))}
      </ul>
    </SectionMessage>
    </div>
  );
}

'use client';

import SectionMessage from '@atlaskit/section-message';
import { describeGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

export type ScopedSite = { installationId: string; site: string; environment: string; scope: GrantScope | null };

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
            {s.site} ({s.environment}): {describeGrantScope(s.scope).join('; ')}
          </li>
        ))}
      </ul>
    </SectionMessage>
    </div>
  );
}

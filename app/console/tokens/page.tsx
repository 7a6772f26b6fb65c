import type { Metadata } from 'next';
import { ApiTokensManager } from '@/components/api-tokens-manager';
import { PageTitle } from '@/components/page-title';
import { listApiTokens } from '@/lib/api-tokens/api-tokens';
import { requirePageVendorMember } from '@/lib/auth/guards';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const viewer = await requirePageVendorMember();
  const tokens = await listApiTokens(viewer.id);
  return (
    <>
      <PageTitle>API tokens</PageTitle>
      <p className="page-intro">
        Personal tokens for the logs API: send <code>Authorization: Bearer &lt;token&gt;</code> to{' '}
        <code>GET /api/v1/apps/&#123;appId&#125;/logs</code>. A token reads what you can read in the console, and stops working the
        moment you revoke it.
      </p>
      <ApiTokensManager tokens={tokens} />
    </>
  );
}

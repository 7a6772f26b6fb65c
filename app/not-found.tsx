import type { Metadata } from 'next';
import { areaLinks, MessagePage } from '@/components/message-page';
import { getViewer } from '@/lib/auth/viewer';

export const metadata: Metadata = { title: 'Page not found' };

// Also what a page shows for something you may not know of (another
// organization's site, another vendor's app): the same words either way.
export default async function NotFound() {
  const viewer = await getViewer();
  return (
    <MessagePage title="Page not found" links={areaLinks(viewer)} signedInAs={viewer?.email}>
      <p>There is no page at this address, or it is not one you can open. Check the address, or go back to where you work.</p>
    </MessagePage>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppInstallationsTable } from '@/components/app-installations-table';
import { requirePageVendorMember } from '@/lib/auth/guards';
import { findVendorApp } from '@/lib/console/list-vendor-apps';
import { PageTitle } from '@/components/page-title';

export const metadata: Metadata = { title: 'App' };

export default async function ConsoleAppPage(props: { params: Promise<{ appId: string }> }) {
  const { appId } = await props.params;
  const viewer = await requirePageVendorMember();
  // Another vendor's app is a 404, not a 403: its existence is not ours to reveal.
  const app = await findVendorApp({ appId, vendorIds: viewer.vendors.map((v) => v.vendorId) });
  if (!app) notFound();
  return (
    <>
      <PageTitle>{app.name}</PageTitle>
      <p className="page-intro">{app.description}</p>
      <AppInstallationsTable installations={app.installations} />
    </>
  );
}

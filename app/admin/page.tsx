import { notFound, redirect } from 'next/navigation';
import { requirePageViewer } from '@/lib/auth/guards';

/** The Admin Hub opens on the first site by name. */
export default async function AdminHomePage() {
  const viewer = await requirePageViewer();
  const first = viewer.adminSites[0];
  if (!first) notFound();
  redirect(`/admin/${first.url}/apps`);
}

import { redirect } from 'next/navigation';
import { requirePageViewer } from '@/lib/auth/guards';
import { homePathOf } from '@/lib/auth/viewer';

export default async function HomePage() {
  const viewer = await requirePageViewer();
  redirect(homePathOf(viewer));
}
